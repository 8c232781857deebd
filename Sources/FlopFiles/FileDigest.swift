import Crypto
import Foundation

/// SHA-256 digests of files and texts, for provenance.
public enum FileDigest {
  /// The lowercase hex SHA-256 of some bytes.
  public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

  /// Lowercase hex of a SHA-256 digest, written straight into the string's storage.
  ///
  /// Not generic: generic code called from another module runs unspecialised, element by element,
  /// and the registry hexes several digests for every run it imports.
  public static func hex(_ digest: SHA256.Digest) -> String {
    digest.withUnsafeBytes { bytes in
      String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        let digits: StaticString = "0123456789abcdef"
        let table = digits.utf8Start
        for (index, byte) in bytes.enumerated() {
          out[2 * index] = table[Int(byte >> 4)]
          out[2 * index + 1] = table[Int(byte & 0x0f)]
        }
        return bytes.count * 2
      }
    }
  }

  /// The lowercase hex SHA-256 of a text's UTF-8 bytes.
  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}
