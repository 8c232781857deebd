import Crypto
import FlopFetch
import FlopFiles
import Foundation
import Testing
import FlopTestSupport

/// A channel directory served by a loopback HTTP server, a key pair and a client home.
final class ChannelFixture: @unchecked Sendable {
  let root: URL
  let channel: String
  let keys: String
  let home: String
  let server: Process
  let serverInput = Pipe()
  let port: Int

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-channel-\(UUID().uuidString)")
    channel = root.appendingPathComponent("channel").path
    keys = root.appendingPathComponent("keys").path
    home = root.appendingPathComponent("home").path
    try FileManager.default.createDirectory(atPath: channel, withIntermediateDirectories: true)
    _ = try ChannelKeys.generate(into: keys)
    server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", Paths.root.appendingPathComponent("Tests/FlopFetchTests/channel_server.py").path, channel]
    let output = Pipe()
    server.standardOutput = output
    server.standardInput = serverInput
    try server.run()
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
    port = try #require(Int(String(decoding: line, as: UTF8.self)), "the test server did not start")
  }

  deinit {
    // Closing its stdin makes the server exit (a pyenv shim may sit between us and python).
    try? serverInput.fileHandleForWriting.close()
    server.terminate()
    try? FileManager.default.removeItem(at: root)
  }

  var url: String { "http://127.0.0.1:\(port)" }
  var publicKey: Curve25519.Signing.PublicKey { get throws { try ChannelKeys.loadPublic(keys + "/channel.pub") } }
  var store: ThresholdStore { ThresholdStore(home: home) }

  /// A client with short limits so failure cases finish quickly.
  var client: HTTPClient {
    var client = HTTPClient(version: "test")
    client.lowSpeedTime = 2
    client.totalTimeout = 20
    client.attempts = 1
    client.maxBodyBytes = 1 << 20
    return client
  }

  var updater: ThresholdUpdater { ThresholdUpdater(client: client, store: store) }

  @discardableResult
  func publish(version: Int? = nil, validDays: Int = 30, now: Date = Date()) throws -> ChannelIndex {
    try ChannelPublisher.publish(
      source: Paths.thresholds, keyPath: keys + "/channel.key", output: channel, version: version, validDays: validDays, now: now)
  }

  func update(path: String = "") throws -> ThresholdUpdater.Outcome {
    try updater.update(channel: url + path, trustedKey: try publicKey)
  }

  /// Request counts the server saw, per path.
  func counts() throws -> [String: Int] {
    try JSONDecoder().decode([String: Int].self, from: try HTTPClient(version: "test").get(url + "/_counts").body)
  }

  /// Rewrites a channel file and re-signs a fresh index over the current files (a valid but bad publisher).
  func resign(_ mutate: (inout ChannelIndex) throws -> Void) throws {
    var index = try JSONDecoder().decode(ChannelIndex.self, from: try #require(FileManager.default.contents(atPath: channel + "/index.json")))
    try mutate(&index)
    let bytes = try index.encoded()
    try bytes.write(to: URL(fileURLWithPath: channel + "/index.json"))
    try Data(try ChannelKeys.sign(bytes, with: try ChannelKeys.loadPrivate(keys + "/channel.key")).utf8)
      .write(to: URL(fileURLWithPath: channel + "/index.json.sig"))
  }

  /// A fingerprint of the installed set: where `current` points and every file's hash.
  func installedFingerprint() -> String {
    guard let directory = store.installedDirectory else { return "none" }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    return directory + ":" + names.map { name in
      FileManager.default.contents(atPath: directory + "/" + name).map { FileDigest.sha256($0) } ?? "?"
    }.joined(separator: ",") + ":trusted\(store.loadState().trustedVersion)"
  }
}
