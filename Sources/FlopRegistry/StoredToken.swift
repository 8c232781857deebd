/// An API token as the registry keeps it: who it is for, its role and lifetime, and the SHA-256
/// of its secret (the secret itself is shown once, when created, and never stored).
public struct StoredToken: Sendable, Encodable, Equatable {
  /// The token's public part, which finds its row (`fw_ID_SECRET`).
  public var id: String
  /// Whom it is for; every write made with it is audited under this name.
  public var name: String
  public var role: String
  /// Hex SHA-256 of the secret part; not part of any output.
  public var secretSHA256: String
  public var createdAt: String
  public var createdBy: String
  /// The first day (UTC) on which it no longer works, `YYYY-MM-DD`.
  public var expires: String?
  public var revokedAt: String?

  public init(
    id: String, name: String, role: String, secretSHA256: String, createdAt: String, createdBy: String, expires: String?,
    revokedAt: String? = nil
  ) {
    self.id = id
    self.name = name
    self.role = role
    self.secretSHA256 = secretSHA256
    self.createdAt = createdAt
    self.createdBy = createdBy
    self.expires = expires
    self.revokedAt = revokedAt
  }

  enum CodingKeys: String, CodingKey { case id, name, role, createdAt, createdBy, expires, revokedAt }
}
