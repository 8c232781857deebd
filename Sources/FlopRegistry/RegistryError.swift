/// An error from the run registry, with a message a user can act on.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension RegistryError {
  /// A sentence for a database error that reached the command line, instead of the database's own text.
  public static func message(for error: any Error) -> String? {
    SQLiteStore.message(for: error) ?? PostgresStore.message(for: error)
  }
}
