extension Registry {
  /// Which runs meet or may meet each rule (SQLite v5, PostgreSQL pg-v4), kept from the statuses
  /// column: by triggers on every update and delete, whatever writes it, and by the registry's
  /// inserts themselves (`indexRules`), only for runs that have a strong status. (An insert
  /// trigger made every import of 100,000 runs 17% slower, strong statuses or not.)
  ///
  /// `registry list --rule R=met` (and the runs page's rule filter) then reads an index instead of
  /// parsing every run's statuses: at a million runs, a scan took about half a second. Only the
  /// two strong statuses are indexed: they are the rare ones, and the ones people filter for; a
  /// weak status (not-met) matches most runs, found quickly in sort order.
  static let ruleIndexSQLite = """
    CREATE TABLE run_rules (
      run_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      status TEXT NOT NULL,
      PRIMARY KEY (rule, status, run_id)
    ) WITHOUT ROWID;
    CREATE INDEX run_rules_run ON run_rules(run_id);
    INSERT INTO run_rules SELECT runs.id, j.key, j.value FROM runs, json_each(CASE WHEN json_valid(runs.statuses) THEN runs.statuses ELSE '{}' END) AS j WHERE j.value IN ('met', 'may-be-met');
    CREATE TRIGGER run_rules_update AFTER UPDATE OF statuses ON runs WHEN OLD.statuses IS NOT NEW.statuses BEGIN
      DELETE FROM run_rules WHERE run_id = OLD.id;
      INSERT INTO run_rules SELECT NEW.id, key, value FROM json_each(CASE WHEN json_valid(NEW.statuses) THEN NEW.statuses ELSE '{}' END) WHERE value IN ('met', 'may-be-met');
    END;
    CREATE TRIGGER run_rules_delete AFTER DELETE ON runs BEGIN
      DELETE FROM run_rules WHERE run_id = OLD.id;
    END
    """

  /// The same for PostgreSQL; statements separated by ";\\n" (the migration runner's split), the
  /// function's body on one line. (SQLite's triggers index nothing for statuses that are not
  /// JSON, an edit outside FlopWatch that `verify` reports; PostgreSQL refuses such an edit.)
  static let ruleIndexPostgres = """
    CREATE TABLE run_rules (
      run_id text COLLATE "C" NOT NULL,
      rule text COLLATE "C" NOT NULL,
      status text COLLATE "C" NOT NULL,
      PRIMARY KEY (rule, status, run_id)
    );
    CREATE INDEX run_rules_run ON run_rules (run_id);
    INSERT INTO run_rules SELECT r.id, s.key, s.value FROM runs r, jsonb_each_text(r.statuses::jsonb) AS s WHERE s.value IN ('met', 'may-be-met');
    CREATE FUNCTION flopwatch_run_rules() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM run_rules WHERE run_id = OLD.id; END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO run_rules SELECT NEW.id, s.key, s.value FROM jsonb_each_text(NEW.statuses::jsonb) AS s WHERE s.value IN ('met', 'may-be-met'); END IF; RETURN NULL; END $$;
    CREATE TRIGGER run_rules_update AFTER UPDATE OF statuses ON runs FOR EACH ROW WHEN (OLD.statuses IS DISTINCT FROM NEW.statuses) EXECUTE FUNCTION flopwatch_run_rules();
    CREATE TRIGGER run_rules_delete AFTER DELETE ON runs FOR EACH ROW EXECUTE FUNCTION flopwatch_run_rules()
    """

  /// Whether a status is one `run_rules` holds.
  static func isIndexedStatus(_ status: String) -> Bool { status == "met" || status == "may-be-met" }

  /// Whether a statuses column holds a status `run_rules` indexes (a string search, no parsing).
  ///
  /// A scan of the UTF-8 bytes: Foundation's `String.contains` compares characters and cost an
  /// import of 100,000 runs a third of its time (the generic `firstRange(of:)`, five times it).
  static func hasIndexedStatus(_ statuses: String) -> Bool {
    var text = statuses
    return text.withUTF8 { bytes in
      func find(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount, start = needle.utf8Start
        guard bytes.count >= count else { return false }
        for offset in 0...(bytes.count - count) where bytes[offset] == start[0] {
          var index = 1
          while index < count && bytes[offset + index] == start[index] { index += 1 }
          if index == count { return true }
        }
        return false
      }
      return find(#""met""#) || find(#""may-be-met""#)
    }
  }

  /// Indexes newly inserted runs (their ids), from their statuses column.
  static func indexRules(_ db: any SQLConnection, runIDs: [String]) throws {
    for start in stride(from: 0, to: runIDs.count, by: 500) {
      let chunk = runIDs[start..<min(start + 500, runIDs.count)]
      let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
      let ids = chunk.map { SQLValue.text($0) }
      try db.execute("DELETE FROM run_rules WHERE run_id IN (\(marks))", ids)
      try db.execute(
        "INSERT INTO run_rules SELECT runs.id, j.key, j.value FROM runs, \(statusEntries(db.dialect)) WHERE runs.id IN (\(marks)) AND j.value IN ('met', 'may-be-met')",
        ids)
    }
  }

  /// Rebuilds the whole index (after a restore, which copies tables row by row).
  static func reindexRules(_ db: any SQLConnection) throws {
    try db.execute("DELETE FROM run_rules", [])
    try db.execute("INSERT INTO run_rules SELECT runs.id, j.key, j.value FROM runs, \(statusEntries(db.dialect)) WHERE j.value IN ('met', 'may-be-met')", [])
  }

  /// A run's statuses column as rows `j(key, value)`, in each dialect's JSON functions.
  static func statusEntries(_ dialect: SQLDialect) -> String {
    dialect == .sqlite
      ? "json_each(CASE WHEN json_valid(runs.statuses) THEN runs.statuses ELSE '{}' END) AS j"
      : "jsonb_each_text(runs.statuses::jsonb) AS j"
  }
}
