/// Appends values to a compact byte buffer, for the parsed-file cache.
///
/// The format is private to one FlopWatch build (the cache key names the build), so it has no
/// versioning of its own: integers are 8-byte little-endian, doubles their IEEE bit pattern,
/// strings a length and UTF-8 bytes, optionals a presence byte.
public struct BinaryWriter: Sendable {
  public private(set) var bytes: [UInt8] = []

  public init() {}

  public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

  public mutating func write(_ value: Int) {
    var remaining = UInt64(bitPattern: Int64(value))
    for _ in 0..<8 {
      bytes.append(UInt8(truncatingIfNeeded: remaining))
      remaining >>= 8
    }
  }

  public mutating func write(_ value: Double) { write(Int(Int64(bitPattern: value.bitPattern))) }

  public mutating func write(_ value: String) {
    let utf8 = Array(value.utf8)
    write(utf8.count)
    bytes.append(contentsOf: utf8)
  }

  public mutating func write(_ values: [String]) {
    write(values.count)
    for value in values { write(value) }
  }

  /// Writes a presence byte, then the value when there is one.
  public mutating func writeOptional<Value>(_ value: Value?, _ body: (inout BinaryWriter, Value) -> Void) {
    write(value != nil)
    if let value { body(&self, value) }
  }

  public mutating func write(_ value: String?) { writeOptional(value) { $0.write($1) } }
  public mutating func write(_ value: Double?) { writeOptional(value) { $0.write($1) } }
  public mutating func write(_ value: Int?) { writeOptional(value) { $0.write($1) } }
}
