import FlopCore
import FlopRules

extension Regime {
  /// The regime as cache bytes (see `ParsedFileCache`).
  public func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.write(id)
    writer.write(title)
    writer.write(jurisdiction)
    writer.write(instrument)
    writer.write(version)
    writer.write(status.rawValue)
    writer.write(sources)
    writer.write(notes)
    writer.write(rules.count)
    for rule in rules { rule.encode(into: &writer) }
    return writer.bytes
  }

  /// Decodes `encoded()` output; throws on anything else.
  public init(encoded bytes: [UInt8]) throws(BinaryReader.Malformed) {
    var reader = BinaryReader(bytes)
    let id = try reader.readString()
    let title = try reader.readString()
    let jurisdiction = try reader.readString()
    let instrument = try reader.readString()
    let version = try reader.readString()
    let status = try reader.readEnum(Status.self)
    let sources = try reader.readStrings()
    let notes = try reader.readStrings()
    var rules: [Rule] = []
    for _ in 0..<(try reader.readCount()) { rules.append(try Rule(from: &reader)) }
    guard reader.isAtEnd else { throw BinaryReader.Malformed() }
    self.init(
      id: id, title: title, jurisdiction: jurisdiction, instrument: instrument, version: version, status: status,
      sources: sources, notes: notes, rules: rules)
  }
}

extension Rule {
  func encode(into writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(title)
    writer.writeOptional(effectiveFrom) { $1.encode(into: &$0) }
    writer.writeOptional(effectiveUntil) { $1.encode(into: &$0) }
    writer.write(markets)
    when.encode(into: &writer)
    writer.write(obligations.count)
    for obligation in obligations {
      writer.write(obligation.id)
      writer.write(obligation.title)
      writer.write(obligation.citation)
      writer.writeOptional(obligation.deadline) { writer, deadline in
        writer.write(deadline.days)
        writer.write(deadline.after.rawValue)
        writer.write(deadline.repeatDays)
        writer.writeOptional(deadline.transition) { writer, transition in
          transition.placedBefore.encode(into: &writer)
          transition.until.encode(into: &writer)
        }
      }
      writer.write(obligation.note)
    }
    writer.write(sources)
    writer.write(notes)
    writer.write(line)
  }

  init(from reader: inout BinaryReader) throws(BinaryReader.Malformed) {
    let id = try reader.readString()
    let title = try reader.readString()
    let from = try reader.readOptional { reader throws(BinaryReader.Malformed) in try CalendarDate(from: &reader) }
    let until = try reader.readOptional { reader throws(BinaryReader.Malformed) in try CalendarDate(from: &reader) }
    let markets = try reader.readStrings()
    let when = try Condition(from: &reader, depth: 0)
    var obligations: [Obligation] = []
    for _ in 0..<(try reader.readCount()) {
      let obligationID = try reader.readString()
      let obligationTitle = try reader.readString()
      let citation = try reader.readOptionalString()
      let deadline = try reader.readOptional { reader throws(BinaryReader.Malformed) in
        Deadline(
          days: try reader.readInt(), after: try reader.readEnum(Deadline.Anchor.self), repeatDays: try reader.readOptionalInt(),
          transition: try reader.readOptional { reader throws(BinaryReader.Malformed) in
            Deadline.Transition(placedBefore: try CalendarDate(from: &reader), until: try CalendarDate(from: &reader))
          })
      }
      obligations.append(
        Obligation(id: obligationID, title: obligationTitle, citation: citation, deadline: deadline, note: try reader.readOptionalString()))
    }
    self.init(
      id: id, title: title, effectiveFrom: from, effectiveUntil: until, markets: markets, when: when, obligations: obligations,
      sources: try reader.readStrings(), notes: try reader.readStrings(), line: try reader.readOptionalInt())
  }
}

extension Condition {
  /// Nesting deeper than this in a cache file means the file is damaged (threshold files nest a few levels).
  static let maximumCachedDepth = 64

  func encode(into writer: inout BinaryWriter) {
    switch self {
    case .all(let items), .any(let items):
      writer.write(self.isAll ? "all" : "any")
      writer.write(items.count)
      for item in items { item.encode(into: &writer) }
    case .not(let inner):
      writer.write("not")
      inner.encode(into: &writer)
    case .compare(let metric, let op, let value):
      writer.write("compare")
      writer.write(metric.rawValue)
      writer.write(op.rawValue)
      value.encode(into: &writer)
    case .known(let metric, let known):
      writer.write("known")
      writer.write(metric.rawValue)
      writer.write(known)
    }
  }

  private var isAll: Bool {
    if case .all = self { return true }
    return false
  }

  init(from reader: inout BinaryReader, depth: Int) throws(BinaryReader.Malformed) {
    guard depth < Self.maximumCachedDepth else { throw BinaryReader.Malformed() }
    let tag = try reader.readString()
    switch tag {
    case "all", "any":
      var items: [Condition] = []
      for _ in 0..<(try reader.readCount()) { items.append(try Condition(from: &reader, depth: depth + 1)) }
      self = tag == "all" ? .all(items) : .any(items)
    case "not":
      self = .not(try Condition(from: &reader, depth: depth + 1))
    case "compare":
      self = .compare(try reader.readEnum(Metric.self), try reader.readEnum(ComparisonOperator.self), try ThresholdValue(from: &reader))
    case "known":
      self = .known(try reader.readEnum(Metric.self), try reader.readBool())
    default:
      throw BinaryReader.Malformed()
    }
  }
}

extension ThresholdValue {
  func encode(into writer: inout BinaryWriter) {
    switch self {
    case .number(let value):
      writer.write("number")
      writer.write(value)
    case .fraction(let value, let base):
      writer.write("fraction")
      writer.write(value)
      switch base {
      case .metric(let metric):
        writer.write("metric")
        writer.write(metric.rawValue)
      case .number(let number):
        writer.write("number")
        writer.write(number)
      }
    case .text(let text):
      writer.write("text")
      writer.write(text)
    case .texts(let texts):
      writer.write("texts")
      writer.write(texts)
    case .flag(let flag):
      writer.write("flag")
      writer.write(flag)
    }
  }

  init(from reader: inout BinaryReader) throws(BinaryReader.Malformed) {
    switch try reader.readString() {
    case "number": self = .number(try reader.readDouble())
    case "fraction":
      let value = try reader.readDouble()
      switch try reader.readString() {
      case "metric": self = .fraction(value, of: .metric(try reader.readEnum(Metric.self)))
      case "number": self = .fraction(value, of: .number(try reader.readDouble()))
      default: throw BinaryReader.Malformed()
      }
    case "text": self = .text(try reader.readString())
    case "texts": self = .texts(try reader.readStrings())
    case "flag": self = .flag(try reader.readBool())
    default: throw BinaryReader.Malformed()
    }
  }
}

extension CalendarDate {
  func encode(into writer: inout BinaryWriter) {
    writer.write(year)
    writer.write(month)
    writer.write(day)
  }

  init(from reader: inout BinaryReader) throws(BinaryReader.Malformed) {
    guard let date = CalendarDate(year: try reader.readInt(), month: try reader.readInt(), day: try reader.readInt()) else {
      throw BinaryReader.Malformed()
    }
    self = date
  }
}
