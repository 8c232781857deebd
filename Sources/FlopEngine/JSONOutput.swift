import Foundation

/// JSON encoding for machine output, the command line's and the server's alike: stable key
/// order, snake_case keys, full-precision doubles.
public enum JSONOutput {
  /// The value as pretty-printed JSON with a final newline.
  public static func encode<T: Encodable>(_ value: T) throws -> String { try encodeWithFoundation(value) }

  /// The same text from a type that writes it itself (chosen where the type is known when
  /// compiling: no dynamic cast on every call).
  public static func encode<T: JSONTextEncodable>(_ value: T) throws -> String {
    if let text = value.jsonText() { return text + "\n" }
    return try encodeWithFoundation(value)
  }

  /// `encode` through Foundation's `JSONEncoder`, for every type (and for the tests that hold the
  /// directly written types to it).
  public static func encodeWithFoundation<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

/// A type that writes its own `JSONOutput` text, identical to what `JSONEncoder` would give.
public protocol JSONTextEncodable: Encodable {
  /// The pretty-printed JSON, without the final newline; nil where `JSONEncoder` must decide
  /// (it refuses a number that is not finite).
  func jsonText() -> String?
}
