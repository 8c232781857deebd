import FlopCore

/// Parses the accelerator catalogue (`Thresholds/accelerators.yaml`).
public enum AcceleratorCatalogueParser {
  /// The catalogue format version this build reads.
  public static let formatVersion = 1
  /// The file name of the catalogue inside a thresholds directory.
  public static let fileName = "accelerators.yaml"

  public static func load(path: String) throws(FlopFilesError) -> AcceleratorCatalogue {
    try parse(try FileText.read(path), file: path)
  }

  public static func parse(_ text: String, file: String) throws(FlopFilesError) -> AcceleratorCatalogue {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.mapping(allowed: [
      "flopwatch-accelerators", "version", "sources", "default_utilization", "default_utilization_fp8", "accelerators",
    ])
    let format = try top.required("flopwatch-accelerators")
    let formatNumber = try format.integer()
    guard formatNumber <= formatVersion else {
      throw format.error("catalogue format \(formatNumber) is newer than this FlopWatch reads (\(formatVersion)); upgrade FlopWatch")
    }
    var accelerators: [Accelerator] = []
    var seenNames: [String: String] = [:]
    for item in try top.required("accelerators").sequence() {
      let accelerator = try parseAccelerator(item)
      for name in [accelerator.id] + accelerator.aliases {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        if let other = seenNames[key] {
          throw item.error("name '\(name)' of \(accelerator.id) is already used by \(other)")
        }
        seenNames[key] = accelerator.id
      }
      accelerators.append(accelerator)
    }
    return AcceleratorCatalogue(
      version: try top.required("version").string(),
      accelerators: accelerators,
      defaultUtilization: try parsePrior(try top.required("default_utilization")),
      defaultUtilizationFP8: try parsePrior(try top.required("default_utilization_fp8")))
  }

  static func parsePrior(_ value: YAMLValue) throws(FlopFilesError) -> AcceleratorCatalogue.UtilizationPrior {
    let map = try value.mapping(allowed: ["central", "low", "high", "basis"])
    let central = try map.required("central").fraction()
    let low = try map.required("low").fraction()
    let high = try map.required("high").fraction()
    guard low <= central, central <= high else {
      throw value.error("expected low ≤ central ≤ high, got \(low), \(central), \(high)")
    }
    return .init(central: central, low: low, high: high, basis: try map.string("basis") ?? "catalogue default")
  }

  static func parseAccelerator(_ value: YAMLValue) throws(FlopFilesError) -> Accelerator {
    let map = try value.mapping(allowed: [
      "id", "name", "vendor", "aliases", "peak_tflops", "default_precision", "board_power_w", "price", "sources", "note",
    ])
    let id = try map.required("id").string()
    var peaks: [Precision: Double] = [:]
    let peakValue = try map.required("peak_tflops")
    for (key, number) in try peakValue.mapping(allowed: Set(Precision.allCases.map(\.rawValue))).entries {
      guard let precision = Precision(rawValue: key) else { continue }
      peaks[precision] = try number.positiveNumber() * 1e12
    }
    guard !peaks.isEmpty else { throw peakValue.error("at least one precision is needed") }
    let defaultValue = try map.required("default_precision")
    guard let defaultPrecision = Precision(name: try defaultValue.string()), peaks[defaultPrecision] != nil else {
      throw defaultValue.error("default precision must be one of the listed peaks (\(peaks.keys.sorted().map(\.rawValue).joined(separator: ", ")))")
    }
    var price: Accelerator.Price?
    if let priceValue = map["price"] {
      let p = try priceValue.mapping(allowed: ["usd_per_chip_hour", "source", "date"])
      price = .init(
        usdPerChipHour: try p.required("usd_per_chip_hour").positiveNumber(),
        source: try p.required("source").string(), date: try p.required("date").string())
    }
    return Accelerator(
      id: id, name: try map.string("name") ?? id, vendor: try map.string("vendor") ?? "",
      aliases: try map.strings("aliases") ?? [], peakFLOPPerSecond: peaks, defaultPrecision: defaultPrecision,
      boardPowerWatts: try map.number("board_power_w"), price: price, sources: try map.strings("sources") ?? [],
      note: try map.string("note"))
  }
}
