import Foundation

/// JSON encoding for machine output, the command line's and the server's alike: stable key
/// order, snake_case keys, full-precision doubles.
public enum JSONOutput {
  /// The value as pretty-printed JSON with a final newline.
  public static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
