/// Reads what `BinaryWriter` wrote, checking every length and tag.
///
/// Cache files live on disk where anything can happen to them, so a short, damaged or foreign
/// buffer throws `BinaryReader.Malformed` (the caller then parses the source file) and never traps.
public struct BinaryReader: Sendable {
  /// The buffer does not hold what was expected.
  public struct Malformed: Error, Sendable {
    public init() {}
  }

  private let bytes: [UInt8]
  private var offset = 0

  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Whether every byte has been read.
  public var isAtEnd: Bool { offset == bytes.count }

  public mutating func readBool() throws(Malformed) -> Bool {
    guard offset < bytes.count else { throw Malformed() }
    defer { offset += 1 }
    switch bytes[offset] {
    case 0: return false
    case 1: return true
    default: throw Malformed()
    }
  }

  public mutating func readInt() throws(Malformed) -> Int {
    guard bytes.count - offset >= 8 else { throw Malformed() }
    var value: UInt64 = 0
    for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
    offset += 8
    return Int(Int64(bitPattern: value))
  }

  public mutating func readDouble() throws(Malformed) -> Double {
    Double(bitPattern: UInt64(bitPattern: Int64(try readInt())))
  }

  /// A count of following items; each item takes at least one byte, which bounds it.
  public mutating func readCount() throws(Malformed) -> Int {
    let count = try readInt()
    guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
    return count
  }

  public mutating func readString() throws(Malformed) -> String {
    let count = try readCount()
    defer { offset += count }
    guard let text = String(validating: bytes[offset..<offset + count], as: UTF8.self) else { throw Malformed() }
    return text
  }

  public mutating func readStrings() throws(Malformed) -> [String] {
    var values: [String] = []
    for _ in 0..<(try readCount()) { values.append(try readString()) }
    return values
  }

  /// Reads a presence byte, then the value when there is one.
  public mutating func readOptional<Value>(_ body: (inout BinaryReader) throws(Malformed) -> Value) throws(Malformed) -> Value? {
    try readBool() ? try body(&self) : nil
  }

  public mutating func readOptionalString() throws(Malformed) -> String? { try readOptional { reader throws(Malformed) in try reader.readString() } }
  public mutating func readOptionalDouble() throws(Malformed) -> Double? { try readOptional { reader throws(Malformed) in try reader.readDouble() } }
  public mutating func readOptionalInt() throws(Malformed) -> Int? { try readOptional { reader throws(Malformed) in try reader.readInt() } }

  /// A case of a `String`-backed enum, by raw value.
  public mutating func readEnum<Value: RawRepresentable>(_ type: Value.Type) throws(Malformed) -> Value where Value.RawValue == String {
    guard let value = Value(rawValue: try readString()) else { throw Malformed() }
    return value
  }
}
