/// A server error a user can act on: a bad flag, a token problem, a listener that cannot start.
public struct FlopServerError: Error, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
