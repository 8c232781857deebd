/// An error from the threshold rules: a threshold file that cannot be used, or an impossible request.
public struct FlopRulesError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
