import Foundation

/// JSON encoding for machine output, the command line's and the server's alike: stable key
/// order, snake_case keys, full-precision doubles.
public enum JSONOutput {
  /// The value as pretty-printed JSON with a final newline.
  public static func encode<T: Encodable>(_ value: T) throws -> String {
    if let direct = value as? any JSONTextEncodable, let text = direct.jsonText() { return text + "\n" }
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

  /// A string literal escaped as `JSONEncoder` escapes it (`\b` and `\f` by name, other control
  /// characters as `\u00XX`, `/` left alone).
  static func quote(_ text: String, into out: inout String) {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
      out += "\"" + text + "\""
      return
    }
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{8}": out += "\\b"
      case "\u{c}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  /// A double as `JSONEncoder` writes it: its `description` without a trailing `.0`.
  static func number(_ value: Double) -> String {
    let text = value.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}

/// A type that writes its own `JSONOutput` text, identical to what `JSONEncoder` would give.
public protocol JSONTextEncodable: Encodable {
  /// The pretty-printed JSON, without the final newline; nil where `JSONEncoder` must decide
  /// (it refuses a number that is not finite).
  func jsonText() -> String?
}
