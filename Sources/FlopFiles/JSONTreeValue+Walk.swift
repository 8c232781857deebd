extension JSONTreeValue {
  /// What a node is, for code that converts a whole tree into its own value type.
  public enum Shape {
    case object([(key: String, value: JSONTreeValue)])
    case array([JSONTreeValue])
    case string(String)
    /// A number's token as written (`12`, `-1.5e+24`).
    case number(String)
    case bool(Bool)
    case null
  }

  /// The node's kind with its members, elements or text.
  public var shape: Shape {
    let node = self.node
    switch node.kind {
    case .object:
      return .object(children.map { child in
        let member = tree.nodes[Int(child)]
        return (tree.text(member.keyStart, member.keyEnd, escaped: member.keyEscaped), JSONTreeValue(tree: tree, index: child))
      })
    case .array: return .array(children.map { JSONTreeValue(tree: tree, index: $0) })
    case .string: return .string(tree.text(node.start, node.end, escaped: node.escaped))
    case .number: return .number(tree.text(node.start, node.end, escaped: false))
    case .trueLiteral: return .bool(true)
    case .falseLiteral: return .bool(false)
    case .null: return .null
    }
  }
}
