import FlopCore
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
    return value.canonical
  }

  /// A YAML node as the one JSON value model: plain scalars that are JSON literals or numbers (by
  /// the strict JSON reader's grammar) become those, written back in canonical form.
  static func convert(_ node: Node) -> JSONValue {
    switch node {
    case .scalar(let scalar):
      let text = scalar.string
      guard scalar.style == .plain else { return .string(text) }
      if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
      if text == "true" || text == "false" { return .bool(text == "true") }
      if JSONTree.isNumber(text), let number = Double(text), number.isFinite { return .number(number) }
      return .string(text)
    case .mapping(let mapping):
      var object: [String: JSONValue] = [:]
      for (key, value) in mapping { object[key.scalar?.string ?? ""] = convert(value) }
      return .object(object)
    case .sequence(let sequence):
      return .array(sequence.map(convert))
    case .alias:
      return .null
    }
  }
}
