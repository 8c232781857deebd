import Foundation
import GRDB

/// The embedded registry: one SQLite file (WAL mode, owner-only) through GRDB.
final class SQLiteStore: RegistryStore {
  let name: String
  /// A pool (WAL: readers beside one writer), or a read-only queue for a registry only read.
  let pool: any DatabaseWriter
  let isReadOnly: Bool
  var dialect: SQLDialect { .sqlite }

  /// Opens (creating if needed, owner-only) and migrates the registry at `path`.
  init(path: String) throws {
    name = path
    isReadOnly = false
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw RegistryError("\(directory): cannot create the registry directory")
      }
    }
    // Create the file owner-only before SQLite does; SQLite gives -wal and -shm the same mode.
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      throw RegistryError(
        FileManager.default.fileExists(atPath: path)
          ? "\(path): cannot open the registry for writing (\(reason)); commands that only read it (list, show, verify, export, audit, reports) still work"
          : "\(path): cannot create the registry file (\(reason))")
    }
    close(descriptor)
    var configuration = Configuration()
    // Two processes writing at once wait for each other instead of failing.
    configuration.busyMode = .timeout(30)
    configuration.foreignKeysEnabled = true
    configuration.label = "flopwatch-registry"
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
      // Reading whether migrations are done avoids a write transaction (and its fsync) on every command.
      if try !pool.read({ try Self.migrator.hasCompletedMigrations($0) }) {
        try Self.migrator.migrate(pool)
      }
    } catch let error as DatabaseError {
      throw RegistryError("\(path): not a usable FlopWatch registry (\(error.message ?? "\(error.resultCode)"))")
    }
  }

  /// Opens an existing registry for reading only, creating and migrating nothing.
  ///
  /// An auditor's copy may be read-only (another user's file, a read-only mount, an archive),
  /// where a read-write open fails. SQLite reads a WAL-mode file read-only when it can create the
  /// shared-memory file beside it; where it cannot (a read-only directory), the file is opened as
  /// immutable, which is right there because nobody can be writing it either.
  init(readingOnly path: String) throws {
    name = path
    isReadOnly = true
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(30)
    configuration.label = "flopwatch-registry-readonly"
    var queue: DatabaseQueue
    do {
      do {
        queue = try DatabaseQueue(path: path, configuration: configuration)
        _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
      } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
        // Without write access to the directory SQLite cannot make the shared-memory file
        // (SQLITE_READONLY_CANTINIT, or CANTOPEN on older versions). Immutable ignores a log, so
        // a file whose log still holds commits must not be read that way.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int, size > 0 {
          throw RegistryError(
            "\(path): its write-ahead log (\(path)-wal) holds changes not yet in the file, and the directory is read-only; open it once with write access, or copy it with `sqlite3 \(path) \".backup copy.sqlite\"`")
        }
        queue = try DatabaseQueue(path: "file:" + Self.uriPath(path) + "?immutable=1", configuration: configuration)
      }
      guard try queue.read({ try Self.migrator.hasCompletedMigrations($0) }) else {
        throw RegistryError("\(path): the registry needs upgrading, which a read-only open cannot do; open it once with write access (e.g. `registry verify` as its owner)", kind: .outdated)
      }
    } catch let error as DatabaseError {
      throw RegistryError("\(path): not a readable FlopWatch registry (\(error.message ?? "\(error.resultCode)"))")
    }
    pool = queue
  }

  /// A path as a `file:` URI's path (absolute, with `%`, `?` and `#` escaped).
  static func uriPath(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return absolute.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f").replacingOccurrences(of: "#", with: "%23")
  }

  func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    try pool.write { db in try body(SQLiteTransaction(db: db)) }
  }

  func readStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T { try read(body) }

  func writeStatement<T>(_ body: (any SQLConnection) throws -> T) throws -> T { try write(body) }

  func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
    try pool.read { db in try body(SQLiteTransaction(db: db)) }
  }

  /// The page cache grows to `megabytes` (the default 2 MB made every batch re-read and re-write
  /// the index pages it had evicted). Commits stop waiting for the disk (`synchronous = NORMAL`, the
  /// setting SQLite recommends with WAL) and checkpoints run every 64 MB of log instead of 4 MB: an
  /// import's batches commit many times a second, and the disk syncs were a sixth of its time.
  /// Each batch is still atomic, and a killed process loses nothing it committed; a power cut
  /// during the import may lose its last batches, never leave half of one. `finishBulkWrites`
  /// syncs everything before the import reports success.
  func prepareForBulkWrites(cacheMegabytes megabytes: Int) throws {
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA cache_size = \(-megabytes * 1024)")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
    }
  }

  /// Every batch is in the log or, once checkpointed, in the database file, so syncing both
  /// files is enough. (A checkpoint would sync them too, but fails while another process is
  /// checkpointing; syncing files never waits on SQLite's locks.)
  func finishBulkWrites() throws {
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
      try db.execute(sql: "PRAGMA cache_size = -2000")
    }
    for file in [name + "-wal", name] {
      let descriptor = open(file, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { continue }  // no log: everything is in the database file
      defer { close(descriptor) }
      guard fsync(descriptor) == 0 else { throw RegistryError("\(file): could not be synced to disk (\(String(cString: strerror(errno))))") }
    }
  }

  func integrityCheck() throws -> String {
    try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
  }

  /// A sentence for an SQLite error that reached the command line, instead of SQLite's own text.
  static func message(for error: any Error) -> String? {
    guard let database = error as? DatabaseError else { return nil }
    switch database.resultCode {
    case .SQLITE_FULL: return "the registry's disk is full; nothing was written (free space and try again)"
    case .SQLITE_READONLY: return "the registry is read-only here; this command needs to write to it"
    case .SQLITE_BUSY, .SQLITE_LOCKED: return "the registry is busy (another process is writing); try again"
    case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "the registry file is damaged or not a FlopWatch registry (run `registry verify`)"
    case .SQLITE_CONSTRAINT:
      return "the registry refused a change that breaks its rules (\(database.message ?? "constraint")); nothing was written"
    default: return "the registry could not complete the command (\(database.message ?? "SQLite error \(database.resultCode.rawValue)"))"
    }
  }
}
