import FlopCore

extension AcceleratorCatalogue {
  /// The catalogue as cache bytes (see `ParsedFileCache`).
  public func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.write(version)
    writer.write(accelerators.count)
    for accelerator in accelerators { accelerator.encode(into: &writer) }
    for prior in [defaultUtilization, defaultUtilizationFP8] {
      writer.write(prior.central)
      writer.write(prior.low)
      writer.write(prior.high)
      writer.write(prior.basis)
    }
    return writer.bytes
  }

  /// Decodes `encoded()` output; throws on anything else.
  public init(encoded bytes: [UInt8]) throws(BinaryReader.Malformed) {
    var reader = BinaryReader(bytes)
    let version = try reader.readString()
    var accelerators: [Accelerator] = []
    for _ in 0..<(try reader.readCount()) { accelerators.append(try Accelerator(from: &reader)) }
    var priors: [UtilizationPrior] = []
    for _ in 0..<2 {
      priors.append(
        UtilizationPrior(central: try reader.readDouble(), low: try reader.readDouble(), high: try reader.readDouble(), basis: try reader.readString()))
    }
    guard reader.isAtEnd else { throw BinaryReader.Malformed() }
    self.init(version: version, accelerators: accelerators, defaultUtilization: priors[0], defaultUtilizationFP8: priors[1])
  }
}

extension Accelerator {
  func encode(into writer: inout BinaryWriter) {
    writer.write(id)
    writer.write(name)
    writer.write(vendor)
    writer.write(aliases)
    let peaks = peakFLOPPerSecond.sorted { $0.key < $1.key }
    writer.write(peaks.count)
    for (precision, peak) in peaks {
      writer.write(precision.rawValue)
      writer.write(peak)
    }
    writer.write(defaultPrecision.rawValue)
    writer.write(boardPowerWatts)
    writer.writeOptional(price) { writer, price in
      writer.write(price.usdPerChipHour)
      writer.write(price.source)
      writer.write(price.date)
    }
    writer.write(sources)
    writer.write(note)
  }

  init(from reader: inout BinaryReader) throws(BinaryReader.Malformed) {
    let id = try reader.readString()
    let name = try reader.readString()
    let vendor = try reader.readString()
    let aliases = try reader.readStrings()
    var peaks: [Precision: Double] = [:]
    for _ in 0..<(try reader.readCount()) {
      let precision = try reader.readEnum(Precision.self)
      peaks[precision] = try reader.readDouble()
    }
    let defaultPrecision = try reader.readEnum(Precision.self)
    let power = try reader.readOptionalDouble()
    let price = try reader.readOptional { reader throws(BinaryReader.Malformed) in
      Price(usdPerChipHour: try reader.readDouble(), source: try reader.readString(), date: try reader.readString())
    }
    self.init(
      id: id, name: name, vendor: vendor, aliases: aliases, peakFLOPPerSecond: peaks, defaultPrecision: defaultPrecision,
      boardPowerWatts: power, price: price, sources: try reader.readStrings(), note: try reader.readOptionalString())
  }
}
