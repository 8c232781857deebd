/// One result row, its values by column name or position, whichever backend produced it.
public struct SQLRow: Sendable {
  /// The statement's column names, shared by all its rows.
  final class Columns: Sendable {
    let names: [String]
    let index: [String: Int]
    init(_ names: [String]) {
      self.names = names
      var index: [String: Int] = [:]
      // The first of two equal names wins, as GRDB's rows do (`SELECT runs.*, o.x`).
      for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
      self.index = index
    }
  }

  let columns: Columns
  let values: [SQLValue]

  /// The column names in order.
  public var names: [String] { columns.names }
  public var count: Int { values.count }

  /// The value of a column, read as `T`; a column not in the row reads as NULL.
  public subscript<T: SQLColumnValue>(_ name: String) -> T {
    T(sql: columns.index[name].map { values[$0] } ?? .null)
  }

  public subscript<T: SQLColumnValue>(_ position: Int) -> T {
    T(sql: position < values.count ? values[position] : .null)
  }
}
