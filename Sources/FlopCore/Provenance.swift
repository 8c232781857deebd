/// Which data file produced a result: its name, id, version and SHA-256.
public struct Provenance: Sendable, Hashable, Codable {
  public var file: String
  public var id: String
  public var version: String
  public var sha256: String

  public init(file: String, id: String, version: String, sha256: String) {
    self.file = file
    self.id = id
    self.version = version
    self.sha256 = sha256
  }

  /// One line for people: file, version and the start of the hash.
  public var summary: String { "\(file) version \(version) sha256 \(sha256.prefix(12))…" }
}
