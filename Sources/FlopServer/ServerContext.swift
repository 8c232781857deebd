import Hummingbird

/// A request's context: Hummingbird's, plus who made it once the token is checked.
public struct ServerContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// Set by the authentication middleware for `/api/v1` routes.
  public var identity: Identity?

  public init(source: Source) {
    coreContext = .init(source: source)
  }

  /// Bodies are read by the routes themselves, each with its own cap.
  public var maxUploadSize: Int { Int.max }
}
