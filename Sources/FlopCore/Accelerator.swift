/// One accelerator model in the catalogue: dense peaks per precision, power and price.
public struct Accelerator: Sendable, Hashable, Codable {
  /// A typical on-demand cloud price, with where and when it was seen.
  public struct Price: Sendable, Hashable, Codable {
    public var usdPerChipHour: Double
    public var source: String
    public var date: String
    public init(usdPerChipHour: Double, source: String, date: String) {
      self.usdPerChipHour = usdPerChipHour
      self.source = source
      self.date = date
    }
  }

  /// Canonical id, such as `H100-SXM`.
  public var id: String
  public var name: String
  public var vendor: String
  public var aliases: [String]
  /// Dense (no sparsity) peak throughput per chip, in FLOP/s.
  public var peakFLOPPerSecond: [Precision: Double]
  /// The precision assumed when a run states none.
  public var defaultPrecision: Precision
  /// Typical board power per chip, in watts, for energy estimates.
  public var boardPowerWatts: Double?
  public var price: Price?
  public var sources: [String]
  public var note: String?

  public init(
    id: String, name: String, vendor: String, aliases: [String] = [],
    peakFLOPPerSecond: [Precision: Double], defaultPrecision: Precision, boardPowerWatts: Double? = nil,
    price: Price? = nil, sources: [String] = [], note: String? = nil
  ) {
    self.id = id
    self.name = name
    self.vendor = vendor
    self.aliases = aliases
    self.peakFLOPPerSecond = peakFLOPPerSecond
    self.defaultPrecision = defaultPrecision
    self.boardPowerWatts = boardPowerWatts
    self.price = price
    self.sources = sources
    self.note = note
  }

  /// The dense peak at a precision, or an error naming the precisions that exist.
  public func peak(at precision: Precision) throws(FlopCoreError) -> Double {
    guard let value = peakFLOPPerSecond[precision] else {
      throw .unsupportedPrecision(
        accelerator: id, precision: precision.rawValue,
        available: peakFLOPPerSecond.keys.sorted().map(\.rawValue))
    }
    return value
  }
}
