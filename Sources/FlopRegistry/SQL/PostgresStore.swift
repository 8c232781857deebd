import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A registry in a PostgreSQL database, through postgres-nio: the same tables as the SQLite
/// registry in PostgreSQL's types, for a team that shares one registry.
///
/// One connection per handle; transactions take turns on it (a process is one user of the
/// registry). The registry's calls are synchronous, so each statement waits for its future on
/// the calling thread, never on an event loop or a Swift concurrency thread.
///
/// Writers are serialized across processes by a transaction-level advisory lock taken first in
/// every write transaction (`pg_advisory_xact_lock`): the audit chain's next link is read and
/// written under it, so two writers can never both extend the same head, and it is released by
/// the commit or rollback itself, even when a client dies.
final class PostgresStore: RegistryStore {
  let url: PostgresURL
  let isReadOnly: Bool
  var dialect: SQLDialect { .postgres }
  var name: String { url.description }
  private let connection: PostgresConnection
  private let lock = NIOLock()
  /// The statement waiting for its answer. When the server ends the connection, postgres-nio was
  /// seen to leave a statement's future unanswered (a backend killed by `pg_terminate_backend`
  /// while a large insert was being sent): the connection's close fails it instead.
  private let pending = NIOLockedValueBox<EventLoopPromise<Void>?>(nil)
  private let logger: Logger

  /// The advisory lock key every write transaction holds ("FlopWatc" in ASCII).
  static let writerLock: Int64 = 0x466C_6F70_5761_7463

  /// Connects, and migrates unless `readOnly`. Without `create`, a database that holds no
  /// registry yet is an error rather than one silently created.
  init(url: PostgresURL, create: Bool, readOnly: Bool) throws {
    self.url = url
    isReadOnly = readOnly
    var logger = Logger(label: "flopwatch.registry.postgres")
    logger.logLevel = .critical
    self.logger = logger
    let configuration: PostgresConnection.Configuration
    var tls = PostgresConnection.Configuration.TLS.disable
    if url.tls != .disable {
      do {
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        tls = url.tls == .require ? .require(context) : .prefer(context)
      } catch {
        throw RegistryError("\(url): cannot set up TLS (\(error))")
      }
    }
    if let socket = url.socketPath {
      configuration = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
    } else {
      configuration = .init(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
    }
    do {
      connection = try PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger
      ).wait()
    } catch {
      throw RegistryError("\(url): \(Self.connectionProblem(error, url: url))")
    }
    let pending = self.pending
    connection.closeFuture.whenComplete { [connection] _ in
      // A moment first, so that the statement's own error (naming the server's reason) wins.
      connection.eventLoop.scheduleTask(in: .milliseconds(300)) {
        pending.withLockedValue { promise in
          promise?.fail(ConnectionLost())
          promise = nil
        }
      }
    }
    do {
      try migrate(create: create)
    } catch {
      try? connection.close().wait()
      throw error
    }
  }

  deinit { try? connection.close().wait() }

  // MARK: Transactions

  func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    guard !isReadOnly else { throw RegistryError("\(url): opened read-only; this command needs to write to it") }
    return try transaction(begin: "BEGIN", lockWriters: true, body)
  }

  func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", lockWriters: false, body)
  }

  func readStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    try lock.withLock {
      do { return try body(PostgresTransaction(store: self)) } catch { throw Self.describe(error, url: url) }
    }
  }

  func writeStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    guard !isReadOnly else { throw RegistryError("\(url): opened read-only; this command needs to write to it") }
    return try lock.withLock {
      do {
        return try body(PostgresTransaction(store: self))
      } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
        throw HeadMoved()
      } catch {
        throw Self.describe(error, url: url)
      }
    }
  }

  private func transaction<T>(begin: String, lockWriters: Bool, _ body: (any SQLConnection) throws -> T) throws -> T {
    try lock.withLock {
      let tx = PostgresTransaction(store: self)
      do {
        try tx.execute(begin, [])
        if lockWriters { try tx.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.writerLock)]) }
        let result = try body(tx)
        try tx.execute("COMMIT", [])
        return result
      } catch {
        // A dropped connection has rolled back on the server already; nothing was committed.
        _ = try? tx.execute("ROLLBACK", [])
        throw Self.describe(error, url: url)
      }
    }
  }

  /// Runs one statement and returns its rows (the connection is only used under `lock`).
  func run(_ sql: String, _ arguments: [SQLValue]) throws -> [PostgresRow] {
    var bindings = PostgresBindings(capacity: arguments.count)
    for argument in arguments {
      switch argument {
      case .null: bindings.appendNull()
      case .integer(let number): bindings.append(number)
      case .real(let number): bindings.append(number)
      case .text(let text): bindings.append(text)
      }
    }
    let query = PostgresQuery(unsafeSQL: Self.numberedPlaceholders(sql), binds: bindings)
    guard !connection.isClosed else { throw ConnectionLost() }
    return try answer(connection.query(query, logger: logger)).rows
  }

  /// Waits for a statement's answer, or fails when the connection closes first.
  private func answer<T: Sendable>(_ result: EventLoopFuture<T>) throws -> T {
    let done = connection.eventLoop.makePromise(of: Void.self)
    pending.withLockedValue { $0 = done }
    result.whenComplete { [pending] _ in
      pending.withLockedValue { current in
        guard let waiting = current, waiting.futureResult === done.futureResult else { return }
        current = nil
        waiting.succeed()
      }
    }
    try done.futureResult.wait()
    return try result.wait()
  }

  /// The connection closed while a statement waited for its answer.
  struct ConnectionLost: Error {}

  /// `?` placeholders as PostgreSQL's `$1, $2, …`, leaving quoted text and names alone.
  static func numberedPlaceholders(_ sql: String) -> String {
    guard sql.contains("?") else { return sql }
    var out = ""
    out.reserveCapacity(sql.utf8.count + 16)
    var number = 0
    var quote: Character?
    for character in sql {
      if let open = quote {
        if character == open { quote = nil }
        out.append(character)
      } else if character == "'" || character == "\"" {
        quote = character
        out.append(character)
      } else if character == "?" {
        number += 1
        out += "$\(number)"
      } else {
        out.append(character)
      }
    }
    return out
  }

  // MARK: Bulk writes and checks

  /// An import's batches each commit once; PostgreSQL's defaults already suit that.
  func prepareForBulkWrites(cacheMegabytes: Int) throws {}
  func finishBulkWrites() throws {}

  /// PostgreSQL checks its own pages; what this checks is that the schema is complete.
  func integrityCheck() throws -> String {
    try read { db in
      let missing = try Registry.dumpTables.filter { table in try db.columns(in: table).isEmpty }
      return missing.isEmpty ? "ok" : "missing tables: " + missing.joined(separator: ", ")
    }
  }
}
