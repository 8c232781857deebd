/// An error fetching or installing a threshold update, with a message a user can act on.
public struct FetchError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure, for retry decisions and tests.
  public enum Kind: String, Sendable {
    case invalidURL, insecureURL, redirect, network, timeout, stalled, tls, httpStatus, tooLarge
    case signature, rollback, expired, integrity, malformed, validation, configuration, filesystem
  }

  public var kind: Kind
  public var message: String
  /// Whether trying again later may succeed (connection failures, timeouts, 5xx, 429).
  public var isTransient: Bool

  public init(_ kind: Kind, _ message: String, transient: Bool = false) {
    self.kind = kind
    self.message = message
    self.isTransient = transient
  }

  public var description: String { message }
}
