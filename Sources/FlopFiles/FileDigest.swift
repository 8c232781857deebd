import Crypto
import Foundation

/// SHA-256 digests of files and texts, for provenance.
public enum FileDigest {
  /// The lowercase hex SHA-256 of some bytes.
  public static func sha256(_ data: Data) -> String {
    SHA256.hash(data: data).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }

  /// The lowercase hex SHA-256 of a text's UTF-8 bytes.
  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}
