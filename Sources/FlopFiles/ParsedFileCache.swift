import Crypto
import Foundation

/// Parsed, validated data files kept on disk, so a launch need not parse YAML it has parsed before.
///
/// Reading and validating eight YAML files was about half of what `check` adds to start-up
/// (`Benchmarks/check-startup.sh`). An entry is keyed by the SHA-256 of the file's exact bytes and
/// by the identity of the running executable (device, inode, size and modification time): a file
/// is parsed and fully validated the first time a given build sees it, and a rebuilt or upgraded
/// FlopWatch never reads an older build's entries. `thresholds validate` always parses.
///
/// Each entry ends with an HMAC-SHA256 of its payload and key under a per-user secret kept 0600
/// beside the cache directory (`<directory>.key`), checked on every read: a damaged entry, or one
/// written by anyone who can write the cache but not read the secret, never passes for a regime.
/// A cache directory not owned by the user, or writable by group or others, is not used.
///
/// Entries live in `$FLOPWATCH_CACHE`, else `$XDG_CACHE_HOME/flopwatch`, else `~/.cache/flopwatch`,
/// created owner-only; `FLOPWATCH_CACHE=off` turns the cache off. A missing, unreadable or damaged
/// entry is ignored and the file parsed again; failing to write one is not an error. Entries of
/// the `keptBuilds` most recently used builds are kept, older builds' removed when an entry is
/// written. Deleting the directory is always safe.
public struct ParsedFileCache: Sendable {
  /// Where entries are kept; nil when the cache is off.
  public let directory: String?
  /// What distinguishes this build's entries from any other's.
  public let buildIdentity: String
  /// The secret the seals are keyed with.
  let key: SymmetricKey

  /// How many builds' entries a directory keeps (an installed FlopWatch and a few development builds).
  public static let keptBuilds = 4

  /// The cache for this process, configured from the environment.
  public static let shared = ParsedFileCache(environment: ProcessInfo.processInfo.environment)

  /// A cache in `directory`, sealing with the secret at `<directory>.key` (created on first use);
  /// off when the directory or the secret is not the user's alone.
  public init(directory: String?, buildIdentity: String) {
    var usable = directory.flatMap { Self.isPrivate(directory: $0) ? $0 : nil }
    let key = usable.flatMap { Self.loadOrCreateKey(at: $0 + ".key") }
    if key == nil { usable = nil }
    self.directory = usable
    self.buildIdentity = buildIdentity
    self.key = key ?? SymmetricKey(size: .bits256)
  }

  /// Whether `directory` is absent (it will be created 0700) or owned by this user and not writable by others.
  static func isPrivate(directory: String) -> Bool {
    var info = stat()
    guard lstat(directory, &info) == 0 else { return errno == ENOENT }
    return (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == getuid() && (info.st_mode & 0o022) == 0
  }

  /// The 32-byte secret at `path`, made on first use; nil unless it is a regular file of ours, mode 0600.
  static func loadOrCreateKey(at path: String) -> SymmetricKey? {
    var info = stat()
    if lstat(path, &info) != 0 {
      guard errno == ENOENT else { return nil }
      let parent = (path as NSString).deletingLastPathComponent
      if !parent.isEmpty { try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
      var generator = SystemRandomNumberGenerator()
      let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
      // O_EXCL semantics through AtomicFile's temporary; a concurrent first launch may win the rename, so read back.
      try? AtomicFile.write(Data(bytes), to: path, permissions: 0o600)
      guard lstat(path, &info) == 0 else { return nil }
    }
    guard (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid(), (info.st_mode & 0o077) == 0,
      let stored = try? FileText.readBytes(path), stored.count == 32
    else { return nil }
    return SymmetricKey(data: stored)
  }

  init(environment: [String: String]) {
    let identity = Self.executableIdentity()
    let directory: String?
    if let explicit = environment["FLOPWATCH_CACHE"], !explicit.isEmpty {
      directory = explicit == "off" ? nil : explicit
    } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      directory = xdg + "/flopwatch"
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      directory = home + "/.cache/flopwatch"
    } else {
      directory = nil
    }
    self.init(directory: identity == nil ? nil : directory, buildIdentity: identity ?? "")
  }

  /// The cached bytes for a file of `kind` whose content hashes to `sha256`, if there are any.
  public func entry(kind: String, sha256: String) -> [UInt8]? {
    guard let path = path(kind: kind, sha256: sha256), access(path, R_OK) == 0,
      let stored = try? FileText.readBytes(path), stored.count >= Self.sealLength
    else { return nil }
    let payload = Array(stored.dropLast(Self.sealLength))
    guard Array(stored.suffix(Self.sealLength)) == seal(payload, kind: kind, sha256: sha256) else { return nil }
    return payload
  }

  /// The value decoded from this file's entry, if there is a sound one.
  public func value<Value>(kind: String, sha256: String, decode: ([UInt8]) throws -> Value) -> Value? {
    entry(kind: kind, sha256: sha256).flatMap { try? decode($0) }
  }

  /// Keeps `bytes` for a file of `kind` whose content hashes to `sha256`; failures are ignored.
  public func store(_ bytes: [UInt8], kind: String, sha256: String) {
    guard let directory, let path = path(kind: kind, sha256: sha256) else { return }
    if access(directory, W_OK) != 0 {
      try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    try? AtomicFile.write(Data(bytes + seal(bytes, kind: kind, sha256: sha256)), to: path, permissions: 0o600)
    pruneOtherBuilds(in: directory)
  }

  static let sealLength = 32

  /// HMAC-SHA256, under the user's secret, over the payload and what it is the parse of.
  func seal(_ payload: [UInt8], kind: String, sha256: String) -> [UInt8] {
    var mac = HMAC<SHA256>(key: key)
    mac.update(data: Array("\(kind)\n\(sha256)\n".utf8))
    mac.update(data: payload)
    return Array(mac.finalize())
  }

  /// A short name for this build, the prefix of its entries' file names.
  public var buildTag: String { String(FileDigest.sha256("flopwatch build \(buildIdentity)").prefix(12)) }

  func path(kind: String, sha256: String) -> String? {
    guard let directory else { return nil }
    let key = FileDigest.sha256("flopwatch-parsed-file-cache 1\n\(buildIdentity)\n\(kind)\n\(sha256)")
    return directory + "/" + buildTag + "-" + kind + "-" + key.prefix(40) + ".bin"
  }

  /// Removes the entries of all but the `keptBuilds` builds that wrote most recently.
  func pruneOtherBuilds(in directory: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    var newest: [String: Date] = [:]
    var files: [String: [String]] = [:]
    for name in names where name.hasSuffix(".bin") {
      let tag = String(name.prefix { $0 != "-" })
      let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
      guard tag.count == 12, let modified = attributes?[.modificationDate] as? Date else { continue }
      newest[tag] = max(newest[tag] ?? .distantPast, modified)
      files[tag, default: []].append(name)
    }
    newest[buildTag] = .distantFuture
    let kept = Set(newest.sorted { $0.value > $1.value }.prefix(Self.keptBuilds).map(\.key))
    for (tag, names) in files where !kept.contains(tag) {
      for name in names { unlink(directory + "/" + name) }
    }
  }

  /// Device, inode, size and modification time of the running executable; nil when unknown.
  static func executableIdentity() -> String? {
    #if os(Linux)
      var info = stat()
      guard stat("/proc/self/exe", &info) == 0 else { return nil }
      return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    #else
      return nil  // No cheap, reliable way to name the build here: parse every time.
    #endif
  }
}
