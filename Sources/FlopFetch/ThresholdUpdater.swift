import Crypto
import FlopFiles
import Foundation

/// Fetches, verifies and installs threshold updates from a signed channel (CONTRACT.md §5).
///
/// Order of checks: signature over the exact index bytes; version newer than the trusted one
/// (kept in state the download cannot touch); not expired; each file's size and SHA-256 while
/// downloading it (its declared size is its byte limit); each file validated by kind. Only then is
/// the set moved into place and `current` switched with one rename. Any failure removes the
/// download and leaves the installed set exactly as it was.
public struct ThresholdUpdater: Sendable {
  /// What an update did.
  public struct Outcome: Codable, Sendable {
    /// installed, or unchanged (304, or the same version).
    public var result: String
    public var version: Int?
    public var previousVersion: Int?
    public var files: Int
    public var bytes: Int
    public var expires: String?
  }

  public var client: HTTPClient
  public var store: ThresholdStore

  public init(client: HTTPClient, store: ThresholdStore) {
    self.client = client
    self.store = store
  }

  /// The most one update may take, index, signature and files together.
  public static let timeLimit: TimeInterval = 60

  public func update(
    channel: String, trustedKey: Curve25519.Signing.PublicKey, now: Date = Date(), timeLimit: TimeInterval = Self.timeLimit
  ) throws -> Outcome {
    var bounded = self
    if bounded.client.deadline == nil { bounded.client.deadline = Date().addingTimeInterval(timeLimit) }
    return try bounded.run(channel: channel, trustedKey: trustedKey, now: now)
  }

  func run(channel: String, trustedKey: Curve25519.Signing.PublicKey, now: Date) throws -> Outcome {
    var state = store.loadState()
    let base = channel.hasSuffix("/") ? String(channel.dropLast()) : channel
    let sameChannel = state.channel == base
    state.lastCheck = AtomicFile.timestamp(now)
    do {
      let outcome = try fetchAndInstall(base: base, state: &state, conditional: sameChannel, key: trustedKey, now: now)
      state.channel = base
      state.lastResult = outcome.result + (outcome.version.map { " version \($0)" } ?? "")
      try store.saveState(state)
      return outcome
    } catch {
      state.lastResult = "failed: \(error)"
      try? store.saveState(state)
      throw error
    }
  }

  func fetchAndInstall(
    base: String, state: inout ThresholdStore.State, conditional: Bool, key: Curve25519.Signing.PublicKey, now: Date
  ) throws -> Outcome {
    // Only an ETag makes the request conditional: a Last-Modified has one-second resolution, so
    // an index republished within the second of the last check would be answered 304 and missed.
    // Without an ETag the small signed index is fetched in full and its version compared.
    let etag = conditional ? state.etag : nil
    let indexResponse = try client.get(base + "/index.json", etag: etag, lastModified: nil, maxBytes: 1 << 20)
    if indexResponse.notModified {
      // Nothing new, but an expired set in use is not "current": say so on every path.
      if let expires = store.installedDates.expires, let date = ChannelIndex.date(expires), date <= now {
        throw FetchError(
          .expired, "the installed set (version \(store.installedVersion ?? 0)) expired on \(expires) and the channel offers nothing newer; rules may be out of date")
      }
      return Outcome(result: "unchanged", version: store.installedVersion, previousVersion: nil, files: 0, bytes: 0, expires: state.expires)
    }
    let signature = try client.get(base + "/index.json.sig", maxBytes: 4096)
    guard ChannelKeys.verify(indexResponse.body, signatureText: signature.body, key: key) else {
      throw FetchError(.signature, "\(base)/index.json: the signature does not verify with the trusted key; nothing installed")
    }
    let index = try ChannelIndex.parse(indexResponse.body, maxFileBytes: client.maxBodyBytes)
    if index.version < state.trustedVersion {
      throw FetchError(.rollback, "channel offers version \(index.version), older than the trusted version \(state.trustedVersion): refusing a rollback")
    }
    guard let expires = index.expiresDate, expires > now else {
      throw FetchError(.expired, "channel index version \(index.version) expired on \(index.expires): refusing a frozen channel")
    }
    if index.version == state.trustedVersion, store.installedDirectory != nil {
      state.etag = indexResponse.etag
      state.lastModified = indexResponse.lastModified
      return Outcome(result: "unchanged", version: index.version, previousVersion: nil, files: 0, bytes: 0, expires: index.expires)
    }
    let incoming = try store.makeIncoming()
    var installed = false
    defer { if !installed { try? FileManager.default.removeItem(atPath: incoming) } }
    var bytes = 0
    for file in index.files {
      let response = try client.get(base + "/" + file.path, maxBytes: file.size)
      guard response.body.count == file.size else {
        throw FetchError(.integrity, "\(file.path): \(response.body.count) bytes, but the index declares \(file.size)")
      }
      guard FileDigest.sha256(response.body) == file.sha256 else {
        throw FetchError(.integrity, "\(file.path): SHA-256 differs from the signed index")
      }
      try AtomicFile.write(response.body, to: incoming + "/" + file.path)
      bytes += file.size
    }
    do {
      try ChannelPublisher.validate(directory: incoming, files: index.files.map(\.path))
    } catch {
      throw FetchError(.validation, "the update does not validate: \(error)")
    }
    try AtomicFile.write(indexResponse.body, to: incoming + "/index.json")
    try AtomicFile.write(signature.body, to: incoming + "/index.json.sig")
    let previous = store.installedVersion
    try store.install(incoming, version: index.version)
    installed = true
    state.trustedVersion = index.version
    state.published = index.published
    state.expires = index.expires
    state.etag = indexResponse.etag
    state.lastModified = indexResponse.lastModified
    return Outcome(result: "installed", version: index.version, previousVersion: previous, files: index.files.count, bytes: bytes, expires: index.expires)
  }
}
