import GRDB

/// An error from the run registry, with a message a user can act on.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension RegistryError {
  /// A sentence for an SQLite error that reached the command line, instead of SQLite's own text.
  public static func message(for error: any Error) -> String? {
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
