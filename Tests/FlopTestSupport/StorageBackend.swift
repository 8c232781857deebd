import Foundation

/// The registry backends the shared storage suite runs on.
public enum StorageBackend: String, Sendable, CaseIterable, CustomStringConvertible {
  case sqlite
  case postgres

  public var description: String { rawValue }

  /// The backends to test here: both, or SQLite alone (with the reason printed once) where
  /// PostgreSQL cannot run and is not required. Where it is required, PostgreSQL stays in the
  /// list and its tests fail with the reason.
  public static let available: [StorageBackend] = {
    if case .failure(let why) = PostgresCluster.shared, !PostgresCluster.isRequired {
      print("note: the shared storage suite runs on SQLite only here (\(why)); set FLOPWATCH_REQUIRE_POSTGRES=1 to make that a failure")
      return [.sqlite]
    }
    return allCases
  }()

  /// A fresh, empty registry location: a path in a new temporary directory, or a new database.
  public func freshLocation() throws -> String {
    switch self {
    case .sqlite:
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-registry-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      return directory.appendingPathComponent("registry.sqlite").path
    case .postgres:
      return try PostgresCluster.shared.get().createDatabase()
    }
  }

  /// Runs SQL on the registry with the database's own client (sqlite3, psql), as someone editing
  /// it outside FlopWatch would; returns the client's output. Like `sqlite3`, which does not
  /// enforce foreign keys unless asked, the PostgreSQL edit runs as the database owner with
  /// triggers and foreign keys off (`session_replication_role = replica`): a constraint does not
  /// stop someone with the database's keys, and `verify` must still catch the edit.
  @discardableResult
  public func tamper(_ location: String, _ sql: String) throws -> String {
    let result: (status: Int32, output: String)
    switch self {
    case .sqlite: result = try ExternalTool.run("sqlite3", [location, sql])
    case .postgres: result = try PostgresCluster.shared.get().psql(url: location, "SET session_replication_role = replica; " + sql)
    }
    guard result.status == 0 else { throw ExternalTool.Failure(message: "\(self) client failed on \(sql): \(result.output)") }
    return result.output
  }
}
