import Crypto
import FlopFiles
import Foundation

/// A signed statement that the audit chain's entry `seq` had hash `head`.
///
/// Kept outside the database and signed with a key the registry never sees, it is the anchor
/// the chain itself cannot give: whoever can write the file can delete the chain's last entries
/// together with their rows, or rewrite and re-hash the whole chain, and every link still checks.
/// Neither survives `verify --checkpoint`: the signed entry is gone or has another hash.
public struct Checkpoint: Codable, Sendable, Equatable {
  public static let formatName = "flopwatch-checkpoint/1"

  public var format: String
  /// Where the registry was when signed (for people; not checked).
  public var registry: String
  public var seq: Int64
  public var head: String
  public var runs: Int
  /// When it was signed (UTC, ISO 8601).
  public var at: String
  /// The signing key's public half (base64), so a reader can tell which key signed it.
  public var publicKey: String
  /// Ed25519 over `signedText` (base64).
  public var signature: String

  enum CodingKeys: String, CodingKey {
    case format, registry, seq, head, runs, at, signature
    case publicKey = "public_key"
  }

  /// The bytes the signature covers: every field but the signature, canonically encoded.
  public var signedText: String {
    JSONValue.object([
      "format": .string(format), "registry": .string(registry), "seq": .number(Double(seq)), "head": .string(head),
      "runs": .number(Double(runs)), "at": .string(at), "public_key": .string(publicKey),
    ]).canonical
  }

  /// Signs a head with `key`.
  public init(registry: String, seq: Int64, head: String, runs: Int, at: String, key: Curve25519.Signing.PrivateKey) throws {
    format = Self.formatName
    self.registry = registry
    self.seq = seq
    self.head = head
    self.runs = runs
    self.at = at
    publicKey = key.publicKey.rawRepresentation.base64EncodedString()
    signature = ""
    signature = try key.signature(for: Data(signedText.utf8)).base64EncodedString()
  }

  /// Whether `key` made the signature over these very fields.
  public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
    guard format == Self.formatName, let raw = Data(base64Encoded: signature) else { return false }
    return key.isValidSignature(raw, for: Data(signedText.utf8))
  }
}
