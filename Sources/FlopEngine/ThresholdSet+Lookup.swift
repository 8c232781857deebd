import FlopRules

extension ThresholdSet {
  /// The regime with `id`, or an error naming the option and the regimes there are.
  public func requireRegime(_ id: String, option: String? = nil) throws(EngineError) -> LoadedRegime {
    guard let loaded = regime(id) else {
      let known = regimes.map(\.regime.id).joined(separator: ", ")
      throw EngineError("\(option.map { "\($0): " } ?? "")unknown regime '\(id)' (known: \(known))")
    }
    return loaded
  }
}
