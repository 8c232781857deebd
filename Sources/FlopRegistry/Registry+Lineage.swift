import FlopCore

/// A run in a lineage tree, with the compute it inherits.
public struct LineageNode: Sendable, Codable {
  public var id: String
  public var name: String?
  /// The run's own counted compute (central).
  public var ownFlop: Double
  /// Own plus everything inherited up the chain (central), recomputed along the tree.
  public var cumulativeFlop: Double
  /// A base model outside the registry, with its known compute.
  public var externalBase: String?
  public var externalBaseFlop: Double?
  public var children: [LineageNode]
}

/// The ancestors of a run (root first) and the tree below it.
public struct Lineage: Sendable, Codable {
  public var ancestors: [LineageNode]
  public var tree: LineageNode

  /// The oldest registered run of the chain, which carries any external base model.
  public var root: LineageNode { ancestors.first ?? tree }
}

extension Registry {
  /// The chain up to the root and the tree down from `id`, with cumulative compute at each node.
  ///
  /// Cumulative compute is summed along the tree rather than read from the stored column, so a
  /// base run recorded again later changes its descendants' figures here at once.
  public func lineage(_ id: String, maxDepth: Int = 64) throws -> Lineage {
    try store.read { db in
      guard try Self.exists(db, id) else { throw RegistryError.unknownRun(id) }
      var chain: [SQLRow] = []
      var cursor: String? = id
      var seen = Set<String>()
      while let current = cursor, chain.count <= maxDepth, seen.insert(current).inserted,
        let row = try db.one("SELECT id, name, flop_central, base_run, base_name, base_flop FROM runs WHERE id = ?", current)
      {
        chain.append(row)
        cursor = row["base_run"]
      }
      chain.reverse()
      var inherited = 0.0
      var ancestors: [LineageNode] = []
      for (index, row) in chain.enumerated() {
        let own: Double = row["flop_central"]
        let baseRun: String? = row["base_run"]
        let isRoot = index == 0
        let external = isRoot ? (row["base_flop"] as Double?) ?? 0 : 0
        inherited += own + external
        ancestors.append(LineageNode(
          id: row["id"], name: row["name"], ownFlop: own, cumulativeFlop: inherited,
          externalBase: isRoot ? (baseRun ?? row["base_name"]) : nil, externalBaseFlop: isRoot ? row["base_flop"] : nil,
          children: []))
      }
      let target = ancestors.removeLast()
      let descendants = try db.all("""
        WITH RECURSIVE below(id, depth) AS (
          SELECT id, 0 FROM runs WHERE id = ?
          UNION
          SELECT runs.id, below.depth + 1 FROM runs JOIN below ON runs.base_run = below.id WHERE below.depth < ?
        )
        SELECT runs.id, runs.name, runs.flop_central, runs.base_run FROM runs JOIN below ON runs.id = below.id WHERE below.depth > 0
        """, id, maxDepth)
      var children: [String: [SQLRow]] = [:]
      for row in descendants { children[row["base_run"] as String, default: []].append(row) }
      func build(_ node: LineageNode, depth: Int) -> LineageNode {
        var node = node
        guard depth < maxDepth else { return node }
        node.children = (children[node.id] ?? []).sorted { ($0["id"] as String) < ($1["id"] as String) }.map { row in
          let own: Double = row["flop_central"]
          return build(LineageNode(
            id: row["id"], name: row["name"], ownFlop: own, cumulativeFlop: node.cumulativeFlop + own,
            externalBase: nil, externalBaseFlop: nil, children: []), depth: depth + 1)
        }
        return node
      }
      return Lineage(ancestors: ancestors, tree: build(target, depth: 0))
    }
  }
}
