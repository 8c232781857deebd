import FlopCore
import Foundation

/// The run registry: runs, lineage, progress, obligations and a hash-chained audit log, in an
/// embedded SQLite file (the default) or a PostgreSQL database. A handle: one per process, safe
/// to share between threads.
public final class Registry: Sendable {
  /// The registry as messages name it: the file's path, or the PostgreSQL URL without its password.
  public let path: String
  let store: any RegistryStore
  /// Opened read-only: every write fails before it starts.
  public var isReadOnly: Bool { store.isReadOnly }

  /// The default location: `$FLOPWATCH_HOME/registry.sqlite`, else `~/.flopwatch/registry.sqlite`.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let home = environment["FLOPWATCH_HOME"], !home.isEmpty { return home + "/registry.sqlite" }
    return (environment["HOME"] ?? NSHomeDirectory()) + "/.flopwatch/registry.sqlite"
  }

  init(store: any RegistryStore) {
    self.store = store
    path = store.name
  }

  /// Opens (creating if needed, owner-only) and migrates the SQLite registry at `path`.
  public convenience init(path: String) throws { self.init(store: try SQLiteStore(path: path)) }

  /// Opens an existing SQLite registry for reading only, creating and migrating nothing.
  public convenience init(readingOnly path: String) throws { self.init(store: try SQLiteStore(readingOnly: path)) }

  /// Sets the writing connection up for a bulk import; call `finishBulkWrites()` when it is done.
  public func prepareForBulkWrites(cacheMegabytes megabytes: Int = 64) throws {
    try store.prepareForBulkWrites(cacheMegabytes: megabytes)
  }

  /// Makes a bulk import durable and restores the writing connection's usual settings.
  public func finishBulkWrites() throws { try store.finishBulkWrites() }

  /// The database's own consistency check (SQLite's `integrity_check`); "ok" when sound.
  public func integrityCheck() throws -> String { try store.integrityCheck() }

  /// The current time as stored (ISO 8601, UTC, seconds).
  public static func timestamp(_ date: Date) -> String {
    CalendarDate.timestamp(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
  }
}
