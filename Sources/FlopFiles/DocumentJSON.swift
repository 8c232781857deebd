import Yams

/// Converts a run document (YAML or JSON text) to one line of canonical JSON, for JSON Lines export.
public enum DocumentJSON {
  /// The document as compact JSON with sorted keys; `overrides` replace top-level keys.
  public static func line(_ text: String, file: String, overrides: [String: String] = [:]) throws(FlopFilesError) -> String {
    let root = try YAMLValue.parse(text, file: file)
    var value = convert(root.node)
    if case .object(var object) = value {
      for (key, replacement) in overrides { object[key] = .string(replacement) }
      value = .object(object)
    }
    return value.encoded
  }

  /// A minimal JSON tree, so export does not depend on the registry's types.
  indirect enum Value {
    case string(String), raw(String), array([Value]), object([String: Value])

    var encoded: String {
      switch self {
      case .raw(let text): return text
      case .string(let text): return quote(text)
      case .array(let items): return "[" + items.map(\.encoded).joined(separator: ",") + "]"
      case .object(let object):
        return "{" + object.keys.sorted().map { quote($0) + ":" + object[$0]!.encoded }.joined(separator: ",") + "}"
      }
    }
  }

  static func convert(_ node: Node) -> Value {
    switch node {
    case .scalar(let scalar):
      let text = scalar.string
      guard scalar.style == .plain else { return .string(text) }
      if ["", "~", "null", "Null", "NULL"].contains(text) { return .raw("null") }
      if text == "true" || text == "false" { return .raw(text) }
      if isJSONNumber(text) { return .raw(text) }
      return .string(text)
    case .mapping(let mapping):
      var object: [String: Value] = [:]
      for (key, value) in mapping { object[key.scalar?.string ?? ""] = convert(value) }
      return .object(object)
    case .sequence(let sequence):
      return .array(sequence.map(convert))
    case .alias:
      return .raw("null")
    }
  }

  /// Whether `text` is a JSON number literal (RFC 8259 grammar).
  static func isJSONNumber(_ text: String) -> Bool {
    var chars = Array(text.utf8)[...]
    if chars.first == UInt8(ascii: "-") { chars = chars.dropFirst() }
    func digits() -> Int {
      var count = 0
      while let c = chars.first, c >= 48, c <= 57 { chars = chars.dropFirst(); count += 1 }
      return count
    }
    guard let first = chars.first else { return false }
    if first == UInt8(ascii: "0") { chars = chars.dropFirst() } else if digits() == 0 { return false }
    if chars.first == UInt8(ascii: ".") {
      chars = chars.dropFirst()
      if digits() == 0 { return false }
    }
    if let e = chars.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      chars = chars.dropFirst()
      if let sign = chars.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { chars = chars.dropFirst() }
      if digits() == 0 { return false }
    }
    return chars.isEmpty
  }

  static func quote(_ text: String) -> String {
    var out = ""
    JSONText.quote(text, into: &out)
    return out
  }

}
