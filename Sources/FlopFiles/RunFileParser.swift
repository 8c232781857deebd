import FlopCore
import Foundation
import Yams

/// Parses run files (CONTRACT.md §2) into typed values.
///
/// Every key is checked: unknown keys, wrong types and invalid numbers are errors naming the
/// file, line and field, because a typo such as `tokns:` would otherwise silently drop an input.
public enum RunFileParser {
  static let developerKeys: Set<String> = ["name", "annual_revenue_usd"]
  static let baseKeys: Set<String> = ["run", "name", "training_flop", "systemic_risk", "same_provider"]
  static let scheduleKeys: Set<String> = ["start", "end", "release", "planned"]
  static let topKeys: Set<String> = [
    "flopwatch", "id", "name", "description", "developer", "model", "base_model", "stages", "schedule",
    "cost_usd", "markets", "status", "risk", "licence", "tags",
  ]
  static let riskKeys: Set<String> = ["state_of_the_art", "broad_serious_risk"]
  static let licenceKeys: Set<String> = ["name", "open_source", "weights_public"]
  static let modelKeys: Set<String> = [
    "architecture", "parameters", "active_parameters", "layers", "d_model", "heads", "ffn_dim",
    "context_length", "vocab_size", "modalities", "domain",
  ]
  static let stageKeys: Set<String> = [
    "kind", "name", "tokens", "parameters", "hardware", "flop", "generator_active_parameters",
    "tokens_generated", "public",
  ]
  static let hardwareKeys: Set<String> = [
    "accelerator", "count", "days", "hours", "gpu_hours", "chip_hours", "utilization", "utilization_basis", "precision",
  ]
  /// Output modalities the contract names.
  public static let modalities: Set<String> = ["text", "code", "audio", "image", "video", "other"]

  /// Parses the text of a run file.
  public static func parse(_ text: String, file: String) throws(FlopFilesError) -> RunDocument {
    let root = try YAMLValue.parse(text, file: file)
    var document = try parse(root: root, text: text)
    collectLines(root, into: &document.lines)
    return document
  }

  /// Parses one document of a JSON Lines file, without line numbers (the line is the document).
  ///
  /// Strict JSON is read into a `JSONTree`; anything else goes through the YAML parser (JSON is
  /// YAML's flow style). Either way this parser validates it, so both give the same run or message.
  public static func parseLine(_ text: String, file: String) throws(FlopFilesError) -> RunDocument {
    if let root = JSONTree.parse(text, file: file) { return try parse(root: root, text: text) }
    return try parse(root: try YAMLValue.parse(text, file: file), text: text)
  }

  /// Parses an already-read document whose text is `text`; `lines` is left empty.
  public static func parse<Value: DocumentValue>(root: Value, text: String) throws(FlopFilesError) -> RunDocument {
    let file = root.file
    let top = try root.mapping(allowed: topKeys)
    let version = try top.required("flopwatch")
    guard try version.integer() == Run.schemaVersion else {
      throw version.error("run-file schema version \((try? version.integer()).map(String.init) ?? "?") is not supported (this FlopWatch reads version \(Run.schemaVersion))")
    }
    var notes: [String] = []
    var id: String?
    if let value = top["id"] {
      let text = try value.string()
      guard isSlug(text) else {
        throw value.error("'\(shownInMessage(text))' is not a valid id (expected lowercase letters, digits, '.', '_' or '-', starting with a letter or digit)")
      }
      id = text
    }
    // Optional sections are read with `if let`, not `Optional.map(parseX)`: a generic function
    // passed as a closure captures its metatype, which strict concurrency warns about.
    var developer: Run.Developer?
    if let value = top["developer"] { developer = try parseDeveloper(value) }
    var baseModel: BaseModel?
    if let value = top["base_model"] { baseModel = try parseBase(value) }
    var schedule: Run.Schedule?
    if let value = top["schedule"] { schedule = try parseSchedule(value) }
    let run = Run(
      id: id,
      name: try top.string("name"),
      developer: developer,
      model: try parseModel(try top.required("model")),
      baseModel: baseModel,
      stages: try parseStages(try top.required("stages")),
      schedule: schedule,
      costUSD: try top.number("cost_usd"),
      markets: try parseMarkets(top["markets"], notes: &notes),
      status: try top["status"].map { value throws(FlopFilesError) in
        try parseEnum(value, Run.Status.self)
      },
      risk: try top["risk"].map { value throws(FlopFilesError) in
        let map = try value.mapping(allowed: riskKeys)
        return Run.Risk(stateOfTheArt: try map.bool("state_of_the_art"), broadSeriousRisk: try map.bool("broad_serious_risk"))
      },
      licence: try top["licence"].map { value throws(FlopFilesError) in
        let map = try value.mapping(allowed: licenceKeys)
        return Run.Licence(name: try map.string("name"), openSource: try map.bool("open_source"), weightsPublic: try map.bool("weights_public"))
      })
    var tagged = run
    if let value = top["tags"] { tagged.tags = try parseTags(value) }
    var document = RunDocument(run: tagged, file: file, text: text, lines: [:])
    document.notes = notes
    return document
  }

  /// Reads `markets`: known codes only, names mapped to codes (and noted), anything else an error.
  static func parseMarkets<Value: DocumentValue>(_ value: Value?, notes: inout [String]) throws(FlopFilesError) -> [String] {
    guard let value else { return [] }
    let items: [Value] = value.scalarText != nil ? [value] : try value.sequence()
    var markets: [String] = []
    for item in items {
      let text = try item.string()
      switch MarketCode.normalize(text) {
      case .success(let (code, alias)):
        if let alias { notes.append("\(item.path): market '\(alias)' read as \(code)") }
        if !markets.contains(code) { markets.append(code) }
      case .failure(let error):
        throw item.error(error.description)
      }
    }
    return markets
  }

  /// Reads `tags`: a mapping of short keys to text values (numbers are read as their text).
  static func parseTags<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> [String: String] {
    var tags: [String: String] = [:]
    for (key, item) in try value.openEntries() {
      guard isSlug(key), key.utf8.count <= 64 else {
        throw item.error("'\(shownInMessage(key))' is not a valid tag key (lowercase letters, digits, '.', '_' or '-', at most 64)")
      }
      guard let text = item.scalarText, !item.isNull else { throw item.error("expected a text value, got \(item.kindName)") }
      guard !text.isEmpty, text.utf8.count <= 256, !text.contains("\0") else {
        throw item.error("a tag value must be 1 to 256 characters")
      }
      tags[key] = text
    }
    return tags
  }

  static func parseDeveloper<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> Run.Developer {
    let map = try value.mapping(allowed: developerKeys)
    return Run.Developer(name: try map.string("name"), annualRevenueUSD: try map.number("annual_revenue_usd"))
  }

  static func parseModel<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> ModelSpec {
    let map = try value.mapping(allowed: modelKeys)
    let architecture = try map["architecture"].map { v throws(FlopFilesError) in try parseEnum(v, Architecture.self) } ?? .dense
    var modalities: [String] = []
    if let list = map["modalities"] {
      for item in try list.sequence() {
        let text = try item.string().lowercased()
        guard Self.modalities.contains(text) else {
          throw item.error("unknown modality '\(shownInMessage(text))' (expected one of \(Self.modalities.sorted().joined(separator: ", ")))")
        }
        modalities.append(text)
      }
    }
    let spec = ModelSpec(
      architecture: architecture, parameters: try map.number("parameters"),
      activeParameters: try map.number("active_parameters"), layers: try map.number("layers"),
      dModel: try map.number("d_model"), heads: try map.number("heads"), ffnDim: try map.number("ffn_dim"),
      contextLength: try map.number("context_length"), vocabSize: try map.number("vocab_size"),
      modalities: modalities, domain: try map.string("domain"))
    if let total = spec.parameters, let active = spec.activeParameters, active > total {
      throw try map.required("active_parameters").error("active parameters (\(formatScientific(active, significantFigures: 3))) exceed total parameters (\(formatScientific(total, significantFigures: 3)))")
    }
    return spec
  }

  static func parseBase<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> BaseModel {
    let map = try value.mapping(allowed: baseKeys)
    var flop: Double?
    var bounds: ClosedRange<Double>?
    if let figure = map["training_flop"] {
      if figure.scalarText != nil { flop = try figure.positiveNumber() } else { (flop, bounds) = try parseDeclaredFLOP(figure) }
    }
    var base = BaseModel(
      run: try map.string("run"), name: try map.string("name"), trainingFLOP: flop,
      systemicRisk: try map.bool("systemic_risk"), sameProvider: try map.bool("same_provider"))
    base.trainingFLOPBounds = bounds
    return base
  }

  static func parseStages<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> [Stage] {
    let items = try value.sequence()
    guard !items.isEmpty else { throw value.error("a run needs at least one stage") }
    var stages: [Stage] = []
    stages.reserveCapacity(items.count)
    for item in items { stages.append(try parseStage(item)) }
    return stages
  }

  static func parseStage<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> Stage {
    let map = try value.mapping(allowed: stageKeys)
    let kind = try parseEnum(try map.required("kind"), StageKind.self)
    var flop: Double?
    var bounds: ClosedRange<Double>?
    if let value = map["flop"] {
      if value.scalarText != nil {
        flop = try map.number("flop")
      } else {
        (flop, bounds) = try parseDeclaredFLOP(value)
      }
    }
    var hardware: HardwareSpec?
    if let value = map["hardware"] { hardware = try parseHardware(value) }
    var stage = Stage(
      kind: kind, name: try map.string("name"), tokens: try map.number("tokens"),
      parameters: try map.number("parameters"), hardware: hardware,
      flop: flop, generatorActiveParameters: try map.number("generator_active_parameters"),
      tokensGenerated: try map.number("tokens_generated"), isPublic: try map.bool("public"))
    stage.flopBounds = bounds
    return stage
  }

  /// `flop: {central: N, low: L, high: H}`: a measured figure with its own bounds (low = high = central is exact).
  static func parseDeclaredFLOP<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> (Double, ClosedRange<Double>) {
    let map = try value.mapping(allowed: ["central", "low", "high"])
    let centralValue = try map.required("central")
    let central = try centralValue.positiveNumber()
    let low = try map["low"]?.positiveNumber() ?? central
    let high = try map["high"]?.positiveNumber() ?? central
    guard low <= central else {
      throw try map.required("low").error("low \(formatScientific(low, significantFigures: 3)) is above central \(formatScientific(central, significantFigures: 3))")
    }
    guard central <= high else {
      throw try map.required("high").error("high \(formatScientific(high, significantFigures: 3)) is below central \(formatScientific(central, significantFigures: 3))")
    }
    return (central, low...high)
  }

  static func parseHardware<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> HardwareSpec {
    let map = try value.mapping(allowed: hardwareKeys)
    let accelerator = try map.required("accelerator").string()
    let durations: [(String, HardwareSpec.Duration)] = [
      try map.number("days").map { ("days", .days($0)) },
      try map.number("hours").map { ("hours", .hours($0)) },
      try map.number("gpu_hours").map { ("gpu_hours", .chipHours($0)) },
      try map.number("chip_hours").map { ("chip_hours", .chipHours($0)) },
    ].compactMap { $0 }
    guard durations.count == 1 else {
      let message = durations.isEmpty
        ? "give how long the hardware ran: one of days, hours or gpu_hours"
        : "give only one of days, hours and gpu_hours (found \(durations.map(\.0).joined(separator: ", ")))"
      throw value.error(message)
    }
    let count = try map.number("count")
    if count == nil, case .chipHours = durations[0].1 {} else if count == nil {
      throw value.error("count (number of chips) is required with \(durations[0].0)")
    }
    var precision: Precision?
    if let p = map["precision"] {
      let text = try p.string()
      guard let parsed = Precision(name: text) else {
        throw p.error("unknown precision '\(shownInMessage(text))' (expected one of \(Precision.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      precision = parsed
    }
    let basis = try map["utilization_basis"].map { v throws(FlopFilesError) in try parseEnum(v, HardwareSpec.UtilizationBasis.self) } ?? .mfu
    return HardwareSpec(
      accelerator: accelerator, count: count, duration: durations[0].1, utilization: try map.fraction("utilization"),
      utilizationBasis: basis, precision: precision)
  }

  static func parseSchedule<Value: DocumentValue>(_ value: Value) throws(FlopFilesError) -> Run.Schedule {
    let map = try value.mapping(allowed: scheduleKeys)
    let schedule = Run.Schedule(
      start: try map.date("start"), end: try map.date("end"), release: try map.date("release"), planned: try map.date("planned"))
    if let start = schedule.start, let end = schedule.end, end < start {
      throw try map.required("end").error("end \(end) is before start \(start)")
    }
    return schedule
  }

  static func parseEnum<Value: DocumentValue, T: RawRepresentable & CaseIterable>(_ value: Value, _ type: T.Type) throws(FlopFilesError) -> T
  where T.RawValue == String {
    let text = try value.string()
    guard let parsed = T(rawValue: text.lowercased()) else {
      throw value.error("unknown value '\(shownInMessage(text))' (expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return parsed
  }

  /// Whether `text` is a slug: lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit.
  public static func isSlug(_ text: String) -> Bool {
    let utf8 = text.utf8
    guard let first = utf8.first, utf8.count <= 128, isSlugByte(first), first != UInt8(ascii: "."), first != UInt8(ascii: "_"),
      first != UInt8(ascii: "-")
    else { return false }
    return utf8.allSatisfy(isSlugByte)
  }

  static func isSlugByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
  }

  static func collectLines(_ value: YAMLValue, into lines: inout [String: Int]) {
    if let line = value.line, !value.path.isEmpty { lines[value.path] = line }
    switch value.node {
    case .mapping(let mapping):
      for (key, child) in mapping {
        guard let name = key.scalar?.string else { continue }
        let path = value.childPath(name)
        lines[path] = key.mark?.line
        collectLines(YAMLValue(node: child, path: path, file: value.file), into: &lines)
        if let keyLine = key.mark?.line { lines[path] = keyLine }
      }
    case .sequence(let sequence):
      for (index, child) in sequence.enumerated() {
        collectLines(YAMLValue(node: child, path: "\(value.path)[\(index)]", file: value.file), into: &lines)
      }
    default:
      break
    }
  }
}
