import Foundation
import Yams

/// Turns Foundation JSON objects into YAML nodes, so JSON goes through the same validating parser.
enum JSONNode {
  // Yams builds a resolver table for every default Tag; one shared, never-mutated Tag per kind
  // avoids that for each of the thousands of nodes a bulk import makes.
  nonisolated(unsafe) static let stringTag = Tag(.str)
  nonisolated(unsafe) static let plainTag = Tag(.implicit)
  nonisolated(unsafe) static let mapTag = Tag(.map)
  nonisolated(unsafe) static let seqTag = Tag(.seq)

  static func node(from object: Any) -> Node {
    switch object {
    case let text as String:
      return .scalar(.init(text, stringTag, .doubleQuoted))
    case let number as NSNumber:
      // JSONSerialization gives booleans as NSNumber with the C type "c".
      if String(cString: number.objCType) == "c" { return .scalar(.init(number.boolValue ? "true" : "false", plainTag)) }
      return .scalar(.init(number.stringValue, plainTag))
    case is NSNull:
      return .scalar(.init("null", plainTag))
    case let array as [Any]:
      return .sequence(.init(array.map(node(from:)), seqTag))
    case let dictionary as [String: Any]:
      return .mapping(.init(dictionary.sorted { $0.key < $1.key }.map { (Node.scalar(.init($0.key, stringTag)), node(from: $0.value)) }, mapTag))
    default:
      return .scalar(.init("\(object)", plainTag))
    }
  }
}
