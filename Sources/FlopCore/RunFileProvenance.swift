/// The run file a verdict or report was made from: its path and the SHA-256 of its text.
public struct RunFileProvenance: Sendable, Hashable, Codable {
  public var path: String
  public var sha256: String

  public init(path: String, sha256: String) {
    self.path = path
    self.sha256 = sha256
  }
}
