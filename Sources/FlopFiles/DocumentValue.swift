import Foundation
import FlopCore

/// A node of a parsed document, as the validating parsers read it.
///
/// Two representations conform: `YAMLValue` (any YAML or JSON file, with line numbers) and
/// `JSONTreeValue` (one strict-JSON document read into a flat array, used by bulk imports). The
/// parsers are generic over this protocol, so both are validated by the same code and give the
/// same messages; the typed readers below are written once, here.
public protocol DocumentValue {
  associatedtype Mapping: DocumentMapping where Mapping.Value == Self

  /// The field path (`stages[0].hardware.count`); empty at the root.
  var path: String { get }
  /// The line, when the representation keeps positions.
  var line: Int? { get }
  /// The file the document came from, as named by the user.
  var file: String { get }
  /// A scalar's text (decoded for quoted strings); nil for a mapping, a list or an alias.
  var scalarText: String? { get }
  /// Whether the node is an explicit null.
  var isNull: Bool { get }
  /// The node described for an error message: `'405B'`, `null`, `a mapping`, `a list`.
  var kindName: String { get }
  /// The node as a mapping whose keys must all be in `allowed`.
  func mapping(allowed: Set<String>) throws(FlopFilesError) -> Mapping
  /// The node as a sequence.
  func sequence() throws(FlopFilesError) -> [Self]
  /// The node as a mapping with any keys (a free map such as `tags`), in document order.
  func openEntries() throws(FlopFilesError) -> [(String, Self)]
}

/// The checked entries of a mapping.
public protocol DocumentMapping {
  associatedtype Value: DocumentValue
  /// The mapping's own node.
  var owner: Value { get }
  /// The value of a key, nil when absent or null.
  subscript(_ key: String) -> Value? { get }
}

extension DocumentValue {
  /// An error at this node.
  public func error(_ message: String) -> FlopFilesError {
    FlopFilesError(file: file, line: line, field: path, message: message)
  }

  /// The node as text.
  public func string() throws(FlopFilesError) -> String {
    guard let text = scalarText, !isNull else { throw error("expected a text value, got \(kindName)") }
    // SQLite's text columns end at a NUL, so a stored name would silently lose its tail.
    if Self.containsNUL(text) { throw error("'\(shownInMessage(text.replacingOccurrences(of: "\0", with: "\\0")))' contains a NUL character (\\0); remove it") }
    return text
  }

  /// Whether a text holds a NUL byte, by `memchr` over its storage (this runs for every text read).
  static func containsNUL(_ text: String) -> Bool {
    text.utf8.withContiguousStorageIfAvailable { bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false } ?? text.utf8.contains(0)
  }

  /// The node as a strictly positive count, accepting `405e9`, `405B`, `15.6T` (CONTRACT.md §1).
  public func positiveNumber() throws(FlopFilesError) -> Double {
    guard let text = scalarText, !isNull else { throw error("expected a number, got \(kindName)") }
    do {
      // The field is named by this error, not Quantity's; the path is built only when needed.
      return try Quantity.parsePositive(text, field: "")
    } catch {
      throw self.error("'\(shownInMessage(text))' is not valid (expected a number greater than zero, such as 405e9, 405B or 15.6T)")
    }
  }

  /// The node as a fraction in (0, 1].
  public func fraction() throws(FlopFilesError) -> Double {
    guard let text = scalarText, !isNull else { throw error("expected a fraction, got \(kindName)") }
    do {
      return try Quantity.parseFraction(text, field: "")
    } catch {
      throw self.error("'\(shownInMessage(text))' is not valid (expected a fraction greater than 0 and at most 1, such as 0.4)")
    }
  }

  /// The node as `true` or `false`.
  public func bool() throws(FlopFilesError) -> Bool {
    guard let text = scalarText else { throw error("expected true or false, got \(kindName)") }
    switch text.lowercased() {
    case "true": return true
    case "false": return false
    default: throw error("'\(shownInMessage(text))' is not valid (expected true or false)")
    }
  }

  /// The node as an integer.
  public func integer() throws(FlopFilesError) -> Int {
    guard let text = scalarText, let value = Int(text) else { throw error("expected a whole number, got \(kindName)") }
    return value
  }

  /// The node as a `YYYY-MM-DD` date.
  public func date() throws(FlopFilesError) -> CalendarDate {
    guard let text = scalarText, let date = CalendarDate(text) else {
      throw error("\(kindName) is not a valid date (expected YYYY-MM-DD)")
    }
    return date
  }

  /// A list of texts; a single text is accepted as a list of one.
  public func strings() throws(FlopFilesError) -> [String] {
    if scalarText != nil, !isNull { return [try string()] }
    var result: [String] = []
    for item in try sequence() { result.append(try item.string()) }
    return result
  }

  /// The path of a child under this node's path.
  func childPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

  // The structural errors, worded once for both representations.

  func notAMapping() -> FlopFilesError { error("expected a mapping of keys to values, got \(kindName)") }

  func notAList() -> FlopFilesError { error("expected a list, got \(kindName)") }

  /// A key outside `allowed`, at the key's own line when known.
  func unknownKey(_ key: String, allowed: Set<String>, line: Int?) -> FlopFilesError {
    FlopFilesError(
      file: file, line: line, field: childPath(key),
      message: "unknown key '\(key)' (allowed here: \(allowed.sorted().joined(separator: ", ")))")
  }
}

extension DocumentMapping {
  /// The value of a required key.
  public func required(_ key: String) throws(FlopFilesError) -> Value {
    guard let value = self[key] else {
      throw FlopFilesError(file: owner.file, line: owner.line, field: owner.childPath(key), message: "missing required key '\(key)'")
    }
    return value
  }

  public func string(_ key: String) throws(FlopFilesError) -> String? { try self[key]?.string() }
  public func number(_ key: String) throws(FlopFilesError) -> Double? { try self[key]?.positiveNumber() }
  public func fraction(_ key: String) throws(FlopFilesError) -> Double? { try self[key]?.fraction() }
  public func bool(_ key: String) throws(FlopFilesError) -> Bool? { try self[key]?.bool() }
  public func date(_ key: String) throws(FlopFilesError) -> CalendarDate? { try self[key]?.date() }
  public func strings(_ key: String) throws(FlopFilesError) -> [String]? { try self[key]?.strings() }
}
