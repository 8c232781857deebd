/// An error from the run registry, with a message a user can act on.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
