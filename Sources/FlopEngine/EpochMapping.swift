import FlopCore
import FlopFiles

/// Turns rows of Epoch AI's CSV into run documents: Epoch's figure kept as the declared compute,
/// beside FlopWatch's own estimate from parameters, data and hardware.
///
/// Choices, stated so a reader can check them:
/// - ids are `epoch-` and the model name as a slug; the organization is the developer;
/// - the dataset size is taken as tokens only for language models (Epoch counts datapoints);
/// - architecture is taken as dense (Epoch has no column for it; a mixture of experts' total
///   parameters then overstate 6·N·D);
/// - Epoch's compute bounds are used when given; otherwise the Confidence label is read as a
///   90% factor of 2 (Confident), 3.2 (Likely) or 10 (Speculative), FlopWatch's reading: Epoch
///   documents no numeric width for the labels; a figure Epoch labels Wrong is not declared (the
///   run rests on FlopWatch's own estimate, or is refused without inputs);
/// - a row with a base model is a fine-tune: its stage is the fine-tuning, declared as the
///   "Finetune compute (FLOP)", and its base is the base's row when the file has one, else the
///   base by name with the training compute less the fine-tune (Epoch's figure includes the base).
public struct EpochMapping: Sendable {
  public var catalogue: AcceleratorCatalogue

  /// A row's document, or why it cannot be made.
  public struct Mapped: Sendable {
    public var row: Int
    public var id: String
    public var document: JSONValue
    /// The id of the base's run when it is another row of the file.
    public var baseRun: String?
  }

  /// What the mapping found in the whole file.
  public struct Outcome: Sendable {
    public var mapped: [Mapped]
    public var rejected: [EpochCSV.Rejection]
    /// Hardware names not in the catalogue, with the rows naming them (hardware left out of those runs).
    public var unknownHardware: [String: [Int]]
    /// Rows listing several accelerators in one cell (hardware left out: the quantity is not per chip type).
    public var mixedHardware: [Int]
  }

  public init(catalogue: AcceleratorCatalogue) {
    self.catalogue = catalogue
  }

  /// Maps every row; documents are ordered so each base comes before its fine-tunes.
  public func map(_ csv: EpochCSV) -> Outcome {
    let ids = Dictionary(csv.rows.map { (Self.slug($0.model), $0.row) }, uniquingKeysWith: { first, _ in first })
    var mapped: [Mapped] = []
    var rejected = csv.rejected
    var unknown: [String: [Int]] = [:]
    var mixed: [Int] = []
    for row in csv.rows {
      switch document(for: row, knownIDs: ids) {
      case .success(let (result, hardwareNote)):
        mapped.append(result)
        switch hardwareNote {
        case .unknown(let name): unknown[name, default: []].append(row.row)
        case .mixed: mixed.append(row.row)
        case .none: break
        }
      case .failure(let rejection): rejected.append(rejection)
      }
    }
    rejected.sort { $0.row < $1.row }
    return Outcome(mapped: Self.basesFirst(mapped), rejected: rejected, unknownHardware: unknown, mixedHardware: mixed)
  }

  /// Why a row's hardware is not used: a name the catalogue lacks, or several chips in one cell.
  public enum HardwareNote: Sendable { case none, unknown(String), mixed }

  /// The catalogue accelerator of a row, or a note on why there is none.
  public func accelerator(of row: EpochCSV.Row) -> (Accelerator?, HardwareNote) {
    guard !row.hardware.isEmpty else { return (nil, .none) }
    guard row.hardware.count == 1 else { return (nil, .mixed) }
    guard let found = EpochHardware.resolve(row.hardware[0], catalogue: catalogue) else { return (nil, .unknown(row.hardware[0])) }
    return (found, .none)
  }

  /// A row's hardware, when its accelerator is known and its time is given (chip count and hours,
  /// else chip-hours), with the utilization Epoch records and a precision the chip has a peak for.
  public func hardwareSpec(of row: EpochCSV.Row, accelerator: Accelerator) -> HardwareSpec? {
    let duration: HardwareSpec.Duration
    if row.hardwareQuantity != nil, let hours = row.trainingHours {
      duration = .hours(hours)
    } else if let chipHours = row.chipHours {
      duration = .chipHours(chipHours)
    } else {
      return nil
    }
    let precision = row.precision.flatMap { (try? accelerator.peak(at: $0)) != nil ? $0 : nil }
    return HardwareSpec(
      accelerator: accelerator.id, count: row.hardwareQuantity, duration: duration, utilization: row.mfu ?? row.hfu,
      utilizationBasis: row.mfu == nil && row.hfu != nil ? .hfu : .mfu, precision: precision)
  }

  /// A hardware spec as a run document's `hardware` section.
  static func section(_ spec: HardwareSpec) -> JSONValue {
    var hardware: [String: JSONValue] = ["accelerator": .string(spec.accelerator)]
    // The chip count goes with hours only: GPU-hours already include it.
    switch spec.duration {
    case .hours(let hours):
      hardware["hours"] = .number(hours)
      if let count = spec.count { hardware["count"] = .number(count) }
    case .days(let days):
      hardware["days"] = .number(days)
      if let count = spec.count { hardware["count"] = .number(count) }
    case .chipHours(let chipHours): hardware["gpu_hours"] = .number(chipHours)
    }
    if let utilization = spec.utilization { hardware["utilization"] = .number(utilization) }
    if spec.utilization != nil, spec.utilizationBasis == .hfu { hardware["utilization_basis"] = .string("hfu") }
    if let precision = spec.precision { hardware["precision"] = .string(precision.rawValue) }
    return .object(hardware)
  }

  /// The 90% factor FlopWatch reads an Epoch confidence label as.
  public static func confidenceFactor(_ label: String?) -> Double {
    switch label?.lowercased() {
    case "confident": return 2
    case "speculative": return 10
    default: return 3.2
    }
  }

  func declared(_ central: Double, low: Double?, high: Double?, confidence: String?) -> JSONValue {
    let factor = Self.confidenceFactor(confidence)
    return .object([
      "central": .number(central), "low": .number(min(low ?? central / factor, central)), "high": .number(max(high ?? central * factor, central)),
    ])
  }

  func document(for row: EpochCSV.Row, knownIDs: [String: Int]) -> Result<(Mapped, HardwareNote), EpochCSV.Rejection> {
    let id = Self.slug(row.model)
    guard !id.isEmpty else { return .failure(EpochCSV.Rejection(row: row.row, reason: "column 'Model': '\(row.model)' gives no usable id")) }
    let (accelerator, note) = accelerator(of: row)
    var stage: [String: JSONValue] = [:]
    var top: [String: JSONValue] = [
      "flopwatch": .number(1), "id": .string(id), "name": .string(row.model), "status": .string("completed"),
    ]
    var model: [String: JSONValue] = ["architecture": .string("dense")]
    if let parameters = row.parameters { model["parameters"] = .number(parameters) }
    if let organization = row.organization { top["developer"] = .object(["name": .string(organization)]) }
    if let date = row.publicationDate { top["schedule"] = .object(["release": .string(date.description)]) }
    var baseRun: String?
    if let base = row.baseModel {
      stage["kind"] = .string("fine-tuning")
      if let compute = row.finetuneCompute, row.confidence?.lowercased() != "wrong" {
        stage["flop"] = declared(compute, low: nil, high: nil, confidence: row.confidence)
      }
      let baseID = Self.slug(base)
      if knownIDs[baseID] != nil, baseID != id {
        baseRun = baseID
        top["base_model"] = .object(["run": .string(baseID), "name": .string(base)])
      } else {
        var section: [String: JSONValue] = ["name": .string(base)]
        if let total = row.trainingCompute {
          let own = row.finetuneCompute ?? 0
          if total > own { section["training_flop"] = .number(total - own) }
        }
        top["base_model"] = .object(section)
      }
    } else {
      stage["kind"] = .string("pre-training")
      if let compute = row.trainingCompute, row.confidence?.lowercased() != "wrong" {
        stage["flop"] = declared(compute, low: row.computeLow, high: row.computeHigh, confidence: row.confidence)
      }
      if row.isLanguage, let tokens = row.datasetSize { stage["tokens"] = .number(tokens) }
    }
    if let accelerator, let spec = hardwareSpec(of: row, accelerator: accelerator) { stage["hardware"] = Self.section(spec) }
    let hasCount = stage["tokens"] != nil && row.parameters != nil
    guard stage["flop"] != nil || stage["hardware"] != nil || hasCount else {
      let what = row.baseModel == nil
        ? "no 'Training compute (FLOP)', no 'Parameters' with a language 'Training dataset size (total)', and no known hardware with its time"
        : "a fine-tune with no 'Finetune compute (FLOP)' and no known hardware with its time"
      return .failure(EpochCSV.Rejection(row: row.row, reason: "\(what): nothing to estimate the run from"))
    }
    top["model"] = .object(model)
    top["stages"] = .array([.object(stage)])
    var tags: [String: JSONValue] = ["source": .string("epoch-ai"), "epoch-row": .string("\(row.row)")]
    if let confidence = row.confidence, confidence.utf8.count <= 256 { tags["epoch-confidence"] = .string(confidence) }
    if let link = row.link, link.utf8.count <= 256, !link.contains("\0") { tags["epoch-link"] = .string(link) }
    top["tags"] = .object(tags)
    return .success((Mapped(row: row.row, id: id, document: .object(top), baseRun: baseRun), note))
  }

  /// Bases before the runs built on them (a chain in any order of rows), else the file's order.
  static func basesFirst(_ mapped: [Mapped]) -> [Mapped] {
    var firstIndex: [String: Int] = [:]
    for (index, item) in mapped.enumerated() where firstIndex[item.id] == nil { firstIndex[item.id] = index }
    var placed = Set<Int>()
    var ordered: [Mapped] = []
    func place(_ index: Int, depth: Int) {
      guard !placed.contains(index) else { return }
      if let base = mapped[index].baseRun, let parent = firstIndex[base], depth < 64 { place(parent, depth: depth + 1) }
      if placed.insert(index).inserted { ordered.append(mapped[index]) }
    }
    for index in mapped.indices { place(index, depth: 0) }
    return ordered
  }

  /// `GPT-3 175B (davinci)` → `epoch-gpt-3-175b-davinci`.
  public static func slug(_ name: String) -> String {
    var out = ""
    var dash = false
    for scalar in name.lowercased().unicodeScalars {
      if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "." {
        if dash, !out.isEmpty { out.append("-") }
        out.unicodeScalars.append(scalar)
        dash = false
      } else {
        dash = true
      }
    }
    while out.hasPrefix(".") { out.removeFirst() }
    guard !out.isEmpty else { return "" }
    return String(("epoch-" + out).prefix(128))
  }
}
