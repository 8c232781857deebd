/// The few places where SQLite and PostgreSQL need different SQL for the same question.
enum SQLDialect: Sendable {
  case sqlite
  case postgres

  /// `column = ?`, ignoring ASCII case (SQLite's NOCASE; PostgreSQL's `lower()`, which under the
  /// "C" collation the schema uses folds ASCII only, as NOCASE does). Each side has its index.
  func equalsIgnoringCase(_ column: String) -> String {
    self == .sqlite ? "\(column) = ? COLLATE NOCASE" : "lower(\(column)) = lower(?)"
  }

  /// `column LIKE ?` with SQLite's case rule (ASCII case ignored).
  func like(_ column: String) -> String {
    self == .sqlite ? "\(column) LIKE ? ESCAPE '\\'" : "\(column) ILIKE ? ESCAPE '\\'"
  }

  /// The status one rule has in a run's statuses column (JSON text): binds the rule id, then the status.
  var ruleStatusEquals: String {
    self == .sqlite ? "json_extract(statuses, '$.\"' || ? || '\"') = ?" : "(statuses::jsonb ->> ?) = ?"
  }

  /// Some rule whose id ends in `/ID` has a status: binds the id, then the status.
  var anyRuleStatusEquals: String {
    self == .sqlite
      ? "EXISTS (SELECT 1 FROM json_each(runs.statuses) WHERE (key LIKE '%/' || ?) AND value = ?)"
      : "EXISTS (SELECT 1 FROM jsonb_each_text(runs.statuses::jsonb) AS s WHERE s.key LIKE '%/' || ? AND s.value = ?)"
  }

  /// Put before a sort column when a filter is given: SQLite's unary `+` keeps its planner from
  /// walking the sort column's index over every row instead of searching the filter's index.
  /// PostgreSQL's planner weighs both itself.
  var sortPrefixWithFilter: String { self == .sqlite ? "+" : "" }

  /// After a sort direction on a column that may be NULL: SQLite sorts NULL as the smallest value,
  /// PostgreSQL as the largest; PostgreSQL is told SQLite's order so both list alike.
  func nullsAsSmallest(descending: Bool) -> String {
    self == .sqlite ? "" : descending ? " NULLS LAST" : " NULLS FIRST"
  }
}
