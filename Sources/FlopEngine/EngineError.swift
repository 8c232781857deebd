/// A use case refused its input or could not finish; the message says what to do.
public struct EngineError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
