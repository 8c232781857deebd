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

  public init(
    version: String, accelerators: [Accelerator], defaultUtilization: UtilizationPrior,
    defaultUtilizationFP8: UtilizationPrior
  ) {
    self.version = version
    self.accelerators = accelerators
    self.defaultUtilization = defaultUtilization
    self.defaultUtilizationFP8 = defaultUtilizationFP8
  }

  /// Finds an accelerator by id or alias, ignoring case, spaces, hyphens and underscores.
  public func accelerator(named name: String) -> Accelerator? {
    let key = Self.normalize(name)
    return accelerators.first { accelerator in
      Self.normalize(accelerator.id) == key || accelerator.aliases.contains { Self.normalize($0) == key }
    }
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
