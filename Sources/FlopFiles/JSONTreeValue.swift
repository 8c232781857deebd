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
  var children: JSONTree.Children { JSONTree.Children(nodes: tree.nodes, parent: index) }

  public func mapping(allowed: Set<String>) throws(FlopFilesError) -> JSONTreeMapping {
    guard node.kind == .object else { throw notAMapping() }
    // As `YAMLValue.mapping`; a tree has no repeated keys (`JSONTree.parse` leaves those to Yams).
    for child in children {
      let member = tree.nodes[Int(child)]
      if !allowed.contains(where: { tree.key(of: member, equals: $0) }) {
        throw unknownKey(tree.text(member.keyStart, member.keyEnd, escaped: member.keyEscaped), allowed: allowed, line: nil)
      }
    }
    return JSONTreeMapping(owner: self)
  }

  public func openEntries() throws(FlopFilesError) -> [(String, JSONTreeValue)] {
    guard node.kind == .object else { throw notAMapping() }
    return children.map { child in
      let member = tree.nodes[Int(child)]
      return (tree.text(member.keyStart, member.keyEnd, escaped: member.keyEscaped), JSONTreeValue(tree: tree, index: child))
    }
  }

  public func sequence() throws(FlopFilesError) -> [JSONTreeValue] {
    guard node.kind == .array else { throw notAList() }
    return children.map { JSONTreeValue(tree: tree, index: $0) }
  }
}

/// The members of a `JSONTreeValue` object whose keys were checked.
public struct JSONTreeMapping: DocumentMapping {
  public let owner: JSONTreeValue

  public subscript(_ key: String) -> JSONTreeValue? {
    let tree = owner.tree
    for child in owner.children where tree.key(of: tree.nodes[Int(child)], equals: key) {
      return tree.nodes[Int(child)].kind == .null ? nil : JSONTreeValue(tree: tree, index: child)
    }
    return nil
  }
}
