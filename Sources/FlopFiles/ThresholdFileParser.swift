import FlopCore
import FlopRules

/// Parses and validates threshold files (CONTRACT.md §3).
///
/// Unknown keys, metrics and operators, type mismatches (`>` on a list), bad dates and duplicate
/// ids are errors naming the file and line; a newer format version is refused, not guessed at.
public enum ThresholdFileParser {
  /// The top-level key that marks a threshold file.
  public static let marker = "flopwatch-thresholds"

  public static func parse(_ text: String, file: String) throws(FlopFilesError) -> Regime {
    try parse(root: try YAMLValue.parse(text, file: file))
  }

  /// Parses an already-read document.
  public static func parse(root: YAMLValue) throws(FlopFilesError) -> Regime {
    let top = try root.mapping(allowed: [
      marker, "id", "title", "jurisdiction", "instrument", "version", "status", "sources", "notes", "rules",
    ])
    let format = try top.required(marker)
    let formatNumber = try format.integer()
    guard formatNumber <= Regime.formatVersion else {
      throw format.error("threshold format \(formatNumber) is newer than this FlopWatch reads (\(Regime.formatVersion)); upgrade FlopWatch")
    }
    guard formatNumber >= 1 else { throw format.error("threshold format must be 1") }
    let idValue = try top.required("id")
    let id = try idValue.string()
    guard RunFileParser.isSlug(id) else { throw idValue.error("'\(id)' is not a valid regime id (lowercase slug)") }
    let statusValue = try top.required("status")
    let statusText = try statusValue.string()
    guard let status = Regime.Status(rawValue: statusText) else {
      throw statusValue.error("unknown status '\(statusText)' (expected one of \(Regime.Status.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    var rules: [Rule] = []
    var ruleIDs = Set<String>()
    let ruleList = try top.required("rules")
    for item in try ruleList.sequence() {
      let rule = try parseRule(item)
      guard ruleIDs.insert(rule.id).inserted else { throw item.error("duplicate rule id '\(rule.id)'") }
      rules.append(rule)
    }
    guard !rules.isEmpty else { throw ruleList.error("a regime needs at least one rule") }
    let sources = try top.required("sources").strings()
    guard !sources.isEmpty else { throw try top.required("sources").error("at least one source is required") }
    return Regime(
      id: id, title: try top.required("title").string(), jurisdiction: try top.required("jurisdiction").string(),
      instrument: try top.required("instrument").string(), version: try top.required("version").string(),
      status: status, sources: sources, notes: try top.strings("notes") ?? [], rules: rules)
  }

  static func parseRule(_ value: YAMLValue) throws(FlopFilesError) -> Rule {
    let map = try value.mapping(allowed: ["id", "title", "effective", "markets", "when", "obligations", "sources", "notes"])
    let idValue = try map.required("id")
    let id = try idValue.string()
    guard RunFileParser.isSlug(id) else { throw idValue.error("'\(id)' is not a valid rule id (lowercase slug)") }
    var from: CalendarDate?
    var until: CalendarDate?
    if let effective = map["effective"] {
      let dates = try effective.mapping(allowed: ["from", "until"])
      from = try dates.date("from")
      until = try dates.date("until")
      if let from, let until, until < from { throw effective.error("until \(until) is before from \(from)") }
    }
    var obligations: [Obligation] = []
    var obligationIDs = Set<String>()
    if let list = map["obligations"] {
      for item in try list.sequence() {
        let obligation = try parseObligation(item)
        guard obligationIDs.insert(obligation.id).inserted else { throw item.error("duplicate obligation id '\(obligation.id)'") }
        obligations.append(obligation)
      }
    }
    return Rule(
      id: id, title: try map.required("title").string(), effectiveFrom: from, effectiveUntil: until,
      markets: try parseMarkets(map["markets"]), when: try parseWhen(try map.required("when")),
      obligations: obligations, sources: try map.strings("sources") ?? [], notes: try map.strings("notes") ?? [],
      line: value.line)
  }

  /// A rule's markets: codes only (no names), each one known.
  static func parseMarkets(_ value: YAMLValue?) throws(FlopFilesError) -> [String] {
    guard let value else { return [] }
    var markets: [String] = []
    for item in try value.sequence() {
      let text = try item.string()
      switch MarketCode.normalize(text) {
      case .success(let (code, alias)):
        if alias != nil { throw item.error("write the market code \(code), not '\(text)'") }
        markets.append(code)
      case .failure(let error):
        throw item.error(error.description)
      }
    }
    return markets
  }

  /// The longest deadline or repeat a file may state: 100 years, so a date can always be computed.
  static let maximumDays = 36_525

  static func parseObligation(_ value: YAMLValue) throws(FlopFilesError) -> Obligation {
    let map = try value.mapping(allowed: ["id", "title", "citation", "deadline", "note"])
    var deadline: Deadline?
    if let d = map["deadline"] {
      let dm = try d.mapping(allowed: ["days", "after", "repeat_days", "transition"])
      let daysValue = try dm.required("days")
      let days = try daysValue.integer()
      guard (0...maximumDays).contains(days) else { throw daysValue.error("days must be 0 to \(maximumDays) (100 years), got \(days)") }
      let afterValue = try dm.required("after")
      let afterText = try afterValue.string()
      guard let anchor = Deadline.Anchor(rawValue: afterText) else {
        throw afterValue.error("unknown deadline anchor '\(afterText)' (expected one of \(Deadline.Anchor.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      var repeatDays: Int?
      if let r = dm["repeat_days"] {
        let days = try r.integer()
        guard (1...maximumDays).contains(days) else { throw r.error("repeat_days must be 1 to \(maximumDays) (100 years), got \(days)") }
        repeatDays = days
      }
      var transition: Deadline.Transition?
      if let t = dm["transition"] {
        let tm = try t.mapping(allowed: ["placed_before", "until"])
        let before = try tm.required("placed_before").date()
        let untilValue = try tm.required("until")
        let until = try untilValue.date()
        guard before <= until else { throw untilValue.error("until \(until) is before placed_before \(before)") }
        transition = Deadline.Transition(placedBefore: before, until: until)
      }
      deadline = Deadline(days: days, after: anchor, repeatDays: repeatDays, transition: transition)
    }
    let idValue = try map.required("id")
    let id = try idValue.string()
    guard RunFileParser.isSlug(id) else { throw idValue.error("'\(id)' is not a valid obligation id (lowercase slug)") }
    return Obligation(
      id: id, title: try map.required("title").string(), citation: try map.string("citation"), deadline: deadline,
      note: try map.string("note"))
  }

  /// How deep a condition may nest, and how many conditions one rule may build: far beyond any
  /// real rule, and small enough that a file nesting through YAML aliases (which compose as shared
  /// nodes, so a few lines can stand for millions) cannot overflow the stack or hang a check.
  static let maximumConditionDepth = 32
  static let maximumConditions = 2_000

  /// A rule's `when`, within the depth and size bounds.
  static func parseWhen(_ value: YAMLValue) throws(FlopFilesError) -> Condition {
    var budget = maximumConditions
    return try parseCondition(value, depth: 0, budget: &budget)
  }

  static func parseCondition(_ value: YAMLValue, depth: Int, budget: inout Int) throws(FlopFilesError) -> Condition {
    guard depth < maximumConditionDepth else {
      throw value.error("conditions nest more than \(maximumConditionDepth) levels deep")
    }
    budget -= 1
    guard budget >= 0 else { throw value.error("a rule's condition has more than \(maximumConditions) parts (through aliases?)") }
    let map = try value.mapping(allowed: ["all", "any", "not", "metric", "op", "value", "known"])
    let keys = Set(map.entries.map(\.0))
    if let key = keys.first, keys.count == 1, key == "all" || key == "any" {
      let list = try map.required(key)
      var items: [Condition] = []
      for item in try list.sequence() { items.append(try parseCondition(item, depth: depth + 1, budget: &budget)) }
      guard !items.isEmpty else { throw list.error("'\(key)' needs at least one condition") }
      return key == "all" ? .all(items) : .any(items)
    }
    if keys == ["not"] { return .not(try parseCondition(try map.required("not"), depth: depth + 1, budget: &budget)) }
    guard keys.contains("metric") else {
      throw value.error("a condition is one of all, any, not, or a comparison {metric, op, value} / {metric, known}")
    }
    let metricValue = try map.required("metric")
    let metric = try parseMetric(metricValue)
    if keys == ["metric", "known"] {
      return .known(metric, try map.required("known").bool())
    }
    guard keys == ["metric", "op", "value"] else {
      throw value.error("a comparison needs exactly metric, op and value (or metric and known)")
    }
    let opValue = try map.required("op")
    let opText = try opValue.string()
    guard let op = ComparisonOperator(rawValue: opText) else {
      throw opValue.error("unknown operator '\(opText)' (expected one of \(ComparisonOperator.allCases.map(\.rawValue).joined(separator: " ")))")
    }
    let rhs = try map.required("value")
    return .compare(metric, op, try parseValue(rhs, metric: metric, op: op))
  }

  static func parseMetric(_ value: YAMLValue) throws(FlopFilesError) -> Metric {
    let text = try value.string()
    guard let metric = Metric(rawValue: text) else {
      throw value.error("unknown metric '\(text)' (expected one of \(Metric.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return metric
  }

  static func parseValue(_ value: YAMLValue, metric: Metric, op: ComparisonOperator) throws(FlopFilesError) -> ThresholdValue {
    switch metric.kind {
    case .quantity:
      guard op.isOrdering || op == .equal else {
        throw value.error("operator '\(op.rawValue)' does not apply to \(metric.rawValue), a quantity")
      }
      if case .mapping = value.node {
        let map = try value.mapping(allowed: ["fraction", "of"])
        let fractionValue = try map.required("fraction")
        let fraction = try parseFraction(fractionValue)
        let ofValue = try map.required("of")
        let ofText = try ofValue.string()
        if let base = Metric(rawValue: ofText) {
          guard base.kind == .quantity else { throw ofValue.error("'\(ofText)' is not a quantity") }
          return .fraction(fraction, of: .metric(base))
        }
        return .fraction(fraction, of: .number(try ofValue.positiveNumber()))
      }
      return .number(try value.positiveNumber())
    case .flag:
      guard op == .equal else { throw value.error("only '==' applies to \(metric.rawValue), which is true or false") }
      return .flag(try value.bool())
    case .text, .list:
      switch op {
      case .isIn: return .texts(try value.strings())
      case .equal where metric.kind == .text: return .text(try value.string())
      default:
        throw value.error("operator '\(op.rawValue)' does not apply to \(metric.rawValue); use 'in' with a list\(metric.kind == .text ? " or '=='" : "")")
      }
    }
  }

  /// Reads `1/3`, `0.25` or `25%`.
  static func parseFraction(_ value: YAMLValue) throws(FlopFilesError) -> Double {
    let text = try value.string()
    let parts = text.split(separator: "/")
    if parts.count == 2, let numerator = Double(parts[0].trimmingCharacters()), let denominator = Double(parts[1].trimmingCharacters()),
      numerator > 0, denominator > 0, numerator.isFinite, denominator.isFinite
    {
      return numerator / denominator
    }
    return try value.fraction()
  }
}

extension Substring {
  func trimmingCharacters() -> String {
    String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
