/// Who made a request: the token's name (the audit log's actor) and role.
public struct Identity: Sendable, Equatable {
  public var name: String
  public var role: Role
  public var tokenID: String
}
