/// Where a registry's tables live: a database handle that runs transactions over an
/// `SQLConnection`. Two implementations: `SQLiteStore` (the embedded default) and `PostgresStore`.
protocol RegistryStore: Sendable {
  /// The registry as messages name it (a path, or a PostgreSQL URL without its password).
  var name: String { get }
  var isReadOnly: Bool { get }
  var dialect: SQLDialect { get }
  /// Runs `body` in one write transaction, writers one at a time (the audit chain's next link is
  /// read and written inside it, so the chain stays linear under concurrent writers).
  func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T
  /// Runs `body` over one consistent snapshot.
  func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T
  /// Runs one statement on its own (its own snapshot), without an explicit transaction's extra
  /// round trips: for a single cheap read on a hot path.
  func readStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T
  /// Runs one writing statement on its own, as its own transaction (PostgreSQL's autocommit:
  /// no BEGIN or COMMIT round trips). The statement must take the writers' lock itself and
  /// append to the audit chain only after the head it expects; a unique-key violation (another
  /// writer appended first) is thrown as `HeadMoved`. SQLite runs it in a write transaction.
  func writeStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T
  /// Tunes the writing connection for a bulk import (`finishBulkWrites` undoes it durably).
  func prepareForBulkWrites(cacheMegabytes: Int) throws
  func finishBulkWrites() throws
  /// The database's own consistency check; "ok" when sound.
  func integrityCheck() throws -> String
}
