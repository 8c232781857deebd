import Crypto
import Foundation

/// SHA-256 digests of files and texts, for provenance.
public enum FileDigest {
  /// The lowercase hex SHA-256 of some bytes.
  public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

  /// Lowercase hex of some bytes, built in one buffer (a registry import hashes every run).
  public static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The lowercase hex SHA-256 of a text's UTF-8 bytes.
  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}
