import FlopCore
import Yams

/// A node of a parsed YAML or JSON document, with its field path, for line-numbered errors.
///
/// JSON is read through the same YAML parser (JSON is YAML's flow style), so both formats
/// report the same line numbers and messages.
public struct YAMLValue: DocumentValue {
  public let node: Node
  public let path: String
  public let file: String

  public init(node: Node, path: String, file: String) {
    self.node = node
    self.path = path
    self.file = file
  }

  /// Parses a whole document.
  public static func parse(_ text: String, file: String) throws(FlopFilesError) -> YAMLValue {
    let node: Node?
    do {
      // The basic resolver leaves every scalar a string: FlopWatch reads numbers, booleans and
      // dates itself (so "405B" and 405e9 both work), and skipping the default resolver's
      // regular expressions keeps start-up fast. Naming UTF-8 skips Yams's per-call encoding probe.
      node = try Yams.compose(yaml: text, .basic, .default, .utf8)
    } catch let error as YamlError {
      throw FlopFilesError(file: file, line: Self.line(of: error), field: "", message: "not valid YAML or JSON: \(Self.problem(of: error))")
    } catch {
      throw FlopFilesError(file: file, line: nil, field: "", message: "not valid YAML or JSON: \(error)")
    }
    guard let node else { throw FlopFilesError(file: file, line: nil, field: "", message: "the file is empty") }
    return YAMLValue(node: node, path: "", file: file)
  }

  public var line: Int? { node.mark?.line }

  public var isNull: Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    switch scalar.string {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// The node as a mapping whose keys must all be in `allowed`.
  public func mapping(allowed: Set<String>) throws(FlopFilesError) -> YAMLMapping {
    guard case .mapping(let mapping) = node else { throw notAMapping() }
    var entries: [(String, YAMLValue)] = []
    entries.reserveCapacity(mapping.count)
    for (keyNode, valueNode) in mapping {
      guard case .scalar(let key) = keyNode else {
        throw FlopFilesError(file: file, line: keyNode.mark?.line, field: path, message: "keys must be plain strings")
      }
      guard allowed.contains(key.string) else { throw unknownKey(key.string, allowed: allowed, line: keyNode.mark?.line) }
      let childPath = childPath(key.string)
      // Mappings hold a handful of keys: a scan beats hashing each one.
      guard !entries.contains(where: { $0.0 == key.string }) else {
        throw FlopFilesError(file: file, line: keyNode.mark?.line, field: childPath, message: "duplicate key '\(key.string)'")
      }
      entries.append((key.string, YAMLValue(node: valueNode, path: childPath, file: file)))
    }
    return YAMLMapping(owner: self, entries: entries)
  }

  public func openEntries() throws(FlopFilesError) -> [(String, YAMLValue)] {
    guard case .mapping(let mapping) = node else { throw notAMapping() }
    let keys = Set(mapping.keys.compactMap { $0.scalar?.string })
    return try self.mapping(allowed: keys).entries
  }

  /// The node as a sequence.
  public func sequence() throws(FlopFilesError) -> [YAMLValue] {
    guard case .sequence(let sequence) = node else { throw notAList() }
    return sequence.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
  }

  public var scalarText: String? {
    guard case .scalar(let scalar) = node else { return nil }
    return scalar.string
  }

  public var kindName: String {
    switch node {
    case .scalar: return isNull ? "null" : "'\(node.scalar?.string ?? "")'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
  }

  static func problem(of error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    case .duplicatedKeysInMapping(let duplicates, _): return "duplicate keys \(duplicates.joined(separator: ", "))"
    default: return "\(error)"
    }
  }
}

/// The entries of a YAML mapping whose keys were checked.
public struct YAMLMapping: DocumentMapping {
  public let owner: YAMLValue
  public let entries: [(String, YAMLValue)]

  /// The value of a key, nil when absent or null.
  public subscript(_ key: String) -> YAMLValue? {
    guard let value = entries.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
    return value
  }
}
