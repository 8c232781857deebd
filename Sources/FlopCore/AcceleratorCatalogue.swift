/// The accelerators FlopWatch knows, and the utilization assumed when a run states none.
public struct AcceleratorCatalogue: Sendable, Hashable, Codable {
  /// A utilization assumption: a central value and a 90% range.
  public struct UtilizationPrior: Sendable, Hashable, Codable {
    public var central: Double
    public var low: Double
    public var high: Double
    public var basis: String
    public init(central: Double, low: Double, high: Double, basis: String) {
      self.central = central
      self.low = low
      self.high = high
      self.basis = basis
    }
  }

  /// The catalogue's own version string.
  public var version: String
  public var accelerators: [Accelerator]
  /// Utilization assumed for 16- and 32-bit runs when none is stated.
  public var defaultUtilization: UtilizationPrior
  /// Utilization assumed for FP8 runs: lower, because the FP8 peak is twice the BF16 one.
  public var defaultUtilizationFP8: UtilizationPrior

  /// Normalised id or alias → position in `accelerators`, built once.
  private let index: [String: Int]
  /// Id or alias as written in the catalogue → position: most run files spell names that way,
  /// and normalising a name allocates twice.
  private let exactIndex: [String: Int]

  enum CodingKeys: String, CodingKey {
    case version, accelerators, defaultUtilization, defaultUtilizationFP8
  }

  public init(
    version: String, accelerators: [Accelerator], defaultUtilization: UtilizationPrior,
    defaultUtilizationFP8: UtilizationPrior
  ) {
    self.version = version
    self.accelerators = accelerators
    self.defaultUtilization = defaultUtilization
    self.defaultUtilizationFP8 = defaultUtilizationFP8
    self.index = Self.makeIndex(accelerators)
    var exact: [String: Int] = [:]
    for (position, accelerator) in accelerators.enumerated() {
      for name in [accelerator.id] + accelerator.aliases where exact[name] == nil && index[Self.normalize(name)] == position {
        exact[name] = position
      }
    }
    self.exactIndex = exact
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      version: try container.decode(String.self, forKey: .version),
      accelerators: try container.decode([Accelerator].self, forKey: .accelerators),
      defaultUtilization: try container.decode(UtilizationPrior.self, forKey: .defaultUtilization),
      defaultUtilizationFP8: try container.decode(UtilizationPrior.self, forKey: .defaultUtilizationFP8))
  }

  static func makeIndex(_ accelerators: [Accelerator]) -> [String: Int] {
    var index: [String: Int] = [:]
    for (position, accelerator) in accelerators.enumerated() {
      for name in [accelerator.id] + accelerator.aliases where index[normalize(name)] == nil {
        index[normalize(name)] = position
      }
    }
    return index
  }

  /// Finds an accelerator by id or alias, ignoring case, spaces, hyphens and underscores.
  public func accelerator(named name: String) -> Accelerator? {
    (exactIndex[name] ?? index[Self.normalize(name)]).map { accelerators[$0] }
  }

  /// Finds an accelerator or throws an error listing the known ids.
  public func require(_ name: String, field: String) throws(FlopCoreError) -> Accelerator {
    guard let found = accelerator(named: name) else {
      throw .unknownAccelerator(field: field, value: name, known: accelerators.map(\.id))
    }
    return found
  }

  /// The utilization prior for a precision.
  public func utilizationPrior(for precision: Precision) -> UtilizationPrior {
    precision == .fp8 ? defaultUtilizationFP8 : defaultUtilization
  }

  static func normalize(_ name: String) -> String {
    name.lowercased().replacingHyphens()
  }
}
