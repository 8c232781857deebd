import Crypto
import FlopFiles
import Foundation

/// Ed25519 keys for signing channel indexes, stored as base64 text files.
public enum ChannelKeys {
  public static let privateKeyFile = "channel.key"
  public static let publicKeyFile = "channel.pub"

  /// Writes a new key pair into `directory` as `NAME.key` (owner-only) and `NAME.pub`. Refuses to overwrite.
  public static func generate(into directory: String, name: String = "channel") throws(FetchError) -> (privatePath: String, publicPath: String) {
    let key = Curve25519.Signing.PrivateKey()
    let privatePath = directory + "/" + name + ".key"
    let publicPath = directory + "/" + name + ".pub"
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw FetchError(.filesystem, "\(directory): cannot create the directory")
    }
    for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
      throw FetchError(.filesystem, "\(path) already exists; not overwriting a key")
    }
    guard FileManager.default.createFile(atPath: privatePath, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600]),
      FileManager.default.createFile(atPath: publicPath, contents: Data((key.publicKey.rawRepresentation.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o644])
    else { throw FetchError(.filesystem, "\(directory): cannot write the key files") }
    return (privatePath, publicPath)
  }

  public static func loadPrivate(_ path: String) throws(FetchError) -> Curve25519.Signing.PrivateKey {
    let raw = try readBase64(path, what: "private key")
    do { return try Curve25519.Signing.PrivateKey(rawRepresentation: raw) } catch {
      throw FetchError(.configuration, "\(path): not an Ed25519 private key")
    }
  }

  public static func loadPublic(_ path: String) throws(FetchError) -> Curve25519.Signing.PublicKey {
    let raw = try readBase64(path, what: "public key")
    do { return try Curve25519.Signing.PublicKey(rawRepresentation: raw) } catch {
      throw FetchError(.configuration, "\(path): not an Ed25519 public key")
    }
  }

  static func readBase64(_ path: String, what: String) throws(FetchError) -> Data {
    guard let bytes = try? FileText.readBytes(path), bytes.count < 4096,
      let text = String(validating: bytes, as: UTF8.self),
      let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
    else { throw FetchError(.configuration, "\(path): cannot read the \(what) (base64 text)") }
    return raw
  }

  /// The base64 signature text of `index.json` bytes.
  public static func sign(_ data: Data, with key: Curve25519.Signing.PrivateKey) throws -> String {
    try key.signature(for: data).base64EncodedString() + "\n"
  }

  /// Whether `signatureText` (base64) is a valid signature of `data`.
  public static func verify(_ data: Data, signatureText: Data, key: Curve25519.Signing.PublicKey) -> Bool {
    guard let text = String(data: signatureText, encoding: .utf8),
      let signature = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
    else { return false }
    return key.isValidSignature(signature, for: data)
  }
}
