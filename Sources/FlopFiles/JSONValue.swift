import FlopCore
import Foundation

/// A JSON value, for audit-log changes: encoded with sorted keys, so its bytes (and hash) are stable.
public indirect enum JSONValue: Sendable, Hashable, Codable {
  case string(String)
  case number(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() { self = .null }
    else if let value = try? container.decode(Bool.self) { self = .bool(value) }
    else if let value = try? container.decode(Double.self) { self = .number(value) }
    else if let value = try? container.decode(String.self) { self = .string(value) }
    else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
    else { self = .object(try container.decode([String: JSONValue].self)) }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let v): try container.encode(v)
    case .number(let v): try container.encode(v)
    case .bool(let v): try container.encode(v)
    case .null: try container.encodeNil()
    case .array(let v): try container.encode(v)
    case .object(let v): try container.encode(v)
    }
  }

  /// Reads JSON text: through FlopFiles' strict reader (several times faster than JSONDecoder,
  /// and `verify` reads every audit record), else JSONDecoder for what that reader leaves alone
  /// (repeated keys, deep nesting, `\u0000`). Nil when the text is not JSON.
  public static func parse(_ text: String) -> JSONValue? {
    if let root = JSONTree.parse(text, file: ""), let value = JSONValue(root) { return value }
    return try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
  }

  init?(_ tree: JSONTreeValue) {
    switch tree.shape {
    case .object(let members):
      var object: [String: JSONValue] = [:]
      object.reserveCapacity(members.count)
      for (key, member) in members {
        guard let value = JSONValue(member) else { return nil }
        object[key] = value
      }
      self = .object(object)
    case .array(let elements):
      var array: [JSONValue] = []
      array.reserveCapacity(elements.count)
      for element in elements {
        guard let value = JSONValue(element) else { return nil }
        array.append(value)
      }
      self = .array(array)
    case .string(let text): self = .string(text)
    case .number(let token):
      guard let number = Double(token) else { return nil }
      self = .number(number)
    case .bool(let value): self = .bool(value)
    case .null: self = .null
    }
  }

  /// Canonical text: sorted keys, no whitespace, numbers in Swift's shortest round-trip form.
  ///
  /// Written by hand: the audit log hashes this text for every change, and `verify` recomputes
  /// it, so it must be deterministic, and JSONEncoder is too slow for bulk imports.
  public var canonical: String {
    var out = ""
    write(to: &out)
    return out
  }

  public func write(to out: inout String) {
    switch self {
    case .string(let text): JSONText.quote(text, into: &out)
    case .number(let value): Self.writeNumber(value, into: &out)
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let items):
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        item.write(to: &out)
      }
      out += "]"
    case .object(let object):
      out += "{"
      for (index, key) in object.keys.sorted().enumerated() {
        if index > 0 { out += "," }
        JSONText.quote(key, into: &out)
        out += ":"
        object[key]?.write(to: &out)
      }
      out += "}"
    }
  }

  /// Appends a number as `canonical` writes it: whole numbers below 1e15 as integers, others in
  /// Swift's shortest round-trip form, non-finite values as null.
  public static func writeNumber(_ value: Double, into out: inout String) {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { out += String(Int64(value)) }
    else if value.isFinite { out += value.description }
    else { out += "null" }
  }


  public subscript(key: String) -> JSONValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  public var string: String? { if case .string(let v) = self { return v }; return nil }
  public var number: Double? { if case .number(let v) = self { return v }; return nil }
  public var array: [JSONValue]? { if case .array(let v) = self { return v }; return nil }
}
