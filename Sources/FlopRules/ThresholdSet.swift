import FlopCore

/// A regime with the file it came from.
public struct LoadedRegime: Sendable {
  public var regime: Regime
  public var provenance: Provenance
  /// The path it was read from.
  public var path: String

  public init(regime: Regime, provenance: Provenance, path: String) {
    self.regime = regime
    self.provenance = provenance
    self.path = path
  }
}

/// The regimes a check uses, loaded from one or more directories.
public struct ThresholdSet: Sendable {
  public var regimes: [LoadedRegime]
  /// Where the set came from, for output ("shipped", "installed version 7", a directory).
  public var label: String

  public init(regimes: [LoadedRegime], label: String) {
    self.regimes = regimes.sorted { $0.regime.id < $1.regime.id }
    self.label = label
  }

  /// The regime with an id, if loaded.
  public func regime(_ id: String) -> LoadedRegime? { regimes.first { $0.regime.id == id } }
}
