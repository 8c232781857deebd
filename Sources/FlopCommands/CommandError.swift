/// An error a command reports to the user as one line on stderr, exiting with status 2.
public struct CommandError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
