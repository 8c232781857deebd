extension Registry {
  /// How many runs have each status (statuses with none are absent).
  public func statusCounts() throws -> [String: Int] {
    try store.read { db in
      var counts: [String: Int] = [:]
      for row in try db.all("SELECT status, COUNT(*) AS n FROM runs GROUP BY status", []) { counts[row["status"]] = row["n"] }
      return counts
    }
  }

  /// Open obligations, and how many of them are past due as of `day` (`YYYY-MM-DD`).
  public func openObligationCounts(asOf day: String) throws -> (open: Int, overdue: Int) {
    try store.read { db in
      let open: Int = try db.value("SELECT COUNT(*) FROM obligations WHERE status = 'open'") ?? 0
      let overdue: Int = try db.value("SELECT COUNT(*) FROM obligations WHERE status = 'open' AND due IS NOT NULL AND due < ?", day) ?? 0
      return (open, overdue)
    }
  }
}

extension Registry {
  /// The audit chain's last entry number. Every change to the registry appends an entry, so
  /// while this stays the same, so does everything a read returns: the server's answer cache
  /// is keyed by it. One statement, outside an explicit transaction.
  public func headSeq() throws -> Int64 {
    try store.readStatement { db in try db.value("SELECT seq FROM audit ORDER BY seq DESC LIMIT 1") ?? 0 }
  }
}
