import Crypto
import FlopCore
import FlopRegistry
import Foundation

/// An API token: `fw_` + a public id (which finds its row) + `_` + a 256-bit secret. Only the
/// secret's SHA-256 is stored; a presented secret's hash is compared in constant time.
public struct APIToken: Sendable {
  public var id: String
  public var secret: String

  /// The whole token as a client presents it.
  public var text: String { "fw_\(id)_\(secret)" }

  /// A fresh token from the system's secure random generator.
  public static func generate() -> APIToken {
    var generator = SystemRandomNumberGenerator()
    let idBytes = (0..<6).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    let secretBytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return APIToken(id: hex(idBytes), secret: hex(secretBytes))
  }

  /// Splits a presented token; nil when it is not of FlopWatch's shape.
  public init?(presented text: Substring) {
    let parts = text.split(separator: "_", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "fw", parts[1].count == 12, parts[2].count == 64,
      parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit)
    else { return nil }
    self.init(id: String(parts[1]), secret: String(parts[2]))
  }

  init(id: String, secret: String) {
    self.id = id
    self.secret = secret
  }

  /// Hex SHA-256 of the secret, as stored.
  public var secretSHA256: String { Self.hex(Array(SHA256.hash(data: Data(secret.utf8)))) }

  /// Whether this token's secret is the one stored, compared in time that does not depend on
  /// where the two differ.
  public func matches(_ stored: StoredToken) -> Bool {
    Self.equalInConstantTime(secretSHA256, stored.secretSHA256) && stored.id == id
  }

  /// Whether two secrets (or their hashes, or MACs) are equal, in time that does not depend on
  /// where they differ.
  static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }

  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
