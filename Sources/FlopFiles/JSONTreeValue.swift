/// A node of a `JSONTree`: what the run-file parser reads a bulk-import line through.
public struct JSONTreeValue: DocumentValue {
  let tree: JSONTree
  let index: Int32

  var node: JSONTree.Node { tree.nodes[Int(index)] }

  public var file: String { tree.file }
  /// Strict JSON read without positions: errors name the field, and the import names the line.
  public var line: Int? { nil }

  /// Computed only when asked for (an error names it): building a path per key was a large
  /// share of an import's time.
  public var path: String {
    let node = self.node
    guard node.parent >= 0 else { return "" }
    let parent = JSONTreeValue(tree: tree, index: node.parent)
    if parent.node.kind == .array { return "\(parent.path)[\(node.position)]" }
    return parent.childPath(tree.text(node.keyStart, node.keyEnd, escaped: node.keyEscaped))
  }

  public var scalarText: String? {
    let node = self.node
    switch node.kind {
    case .object, .array: return nil
    default: return tree.text(node.start, node.end, escaped: node.escaped)
    }
  }

  /// Only the literal `null`: a quoted "null" is text, as in YAML.
  public var isNull: Bool { node.kind == .null }

  public var kindName: String {
    switch node.kind {
    case .object: return "a mapping"
    case .array: return "a list"
    case .null: return "null"
    default: return "'\(scalarText ?? "")'"
    }
  }

  /// The indices of this node's children, in order.
  var children: [Int32] {
    var result: [Int32] = []
    var child = index + 1
    let end = node.next
    while child < end {
      result.append(child)
      child = tree.nodes[Int(child)].next
    }
    return result
  }

  public func mapping(allowed: Set<String>) throws(FlopFilesError) -> JSONTreeMapping {
    guard node.kind == .object else { throw error("expected a mapping of keys to values, got \(kindName)") }
    var child = index + 1
    let end = node.next
    while child < end {
      let member = tree.nodes[Int(child)]
      // As `YAMLValue.mapping`; a tree has no repeated keys (`JSONTree.parse` leaves those to Yams).
      if !allowed.contains(where: { tree.key(of: member, equals: $0) }) {
        let key = tree.text(member.keyStart, member.keyEnd, escaped: member.keyEscaped)
        let known = allowed.sorted().joined(separator: ", ")
        throw FlopFilesError(file: file, line: nil, field: childPath(key), message: "unknown key '\(key)' (allowed here: \(known))")
      }
      child = member.next
    }
    return JSONTreeMapping(owner: self)
  }

  public func sequence() throws(FlopFilesError) -> [JSONTreeValue] {
    guard node.kind == .array else { throw error("expected a list, got \(kindName)") }
    return children.map { JSONTreeValue(tree: tree, index: $0) }
  }
}

/// The members of a `JSONTreeValue` object whose keys were checked.
public struct JSONTreeMapping: DocumentMapping {
  public let owner: JSONTreeValue

  public subscript(_ key: String) -> JSONTreeValue? {
    let tree = owner.tree
    var child = owner.index + 1
    let end = tree.nodes[Int(owner.index)].next
    while child < end {
      let member = tree.nodes[Int(child)]
      if tree.key(of: member, equals: key) {
        return member.kind == .null ? nil : JSONTreeValue(tree: tree, index: child)
      }
      child = member.next
    }
    return nil
  }
}
