/// An error from the run registry, with a message a user can act on.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
  /// What kind of refusal, so a front door answers it aptly (the server: 404, 409 or 422).
  public enum Kind: Sendable {
    /// The request cannot be carried out as given (the default).
    case invalid
    /// It names a run (or row) the registry does not hold.
    case notFound
    /// It conflicts with what is stored: a run registered already, a point recorded with another figure.
    case conflict
    /// The database could not be reached or used.
    case unavailable
    /// The registry was written by an earlier FlopWatch and needs migrating, which a read-only open cannot do.
    case outdated
  }

  public var message: String
  public var kind: Kind
  public init(_ message: String, kind: Kind = .invalid) {
    self.message = message
    self.kind = kind
  }
  public var description: String { message }

  /// A run the registry does not hold.
  public static func unknownRun(_ id: String) -> RegistryError { RegistryError("run '\(id)' is not in the registry", kind: .notFound) }
}

extension RegistryError {
  /// A sentence for a database error that reached the command line, instead of the database's own text.
  public static func message(for error: any Error) -> String? {
    SQLiteStore.message(for: error) ?? PostgresStore.message(for: error)
  }
}
