import FlopFiles
import Foundation

/// Where updates are installed: versioned sets, a `current` link switched atomically, and the
/// trusted state (highest version seen, for rollback protection) kept apart from downloaded files.
///
///     $FLOPWATCH_HOME/thresholds/state.json
///     $FLOPWATCH_HOME/thresholds/sets/v7/…
///     $FLOPWATCH_HOME/thresholds/current -> sets/v7
public struct ThresholdStore: Sendable {
  /// What the client remembers between updates.
  public struct State: Codable, Sendable {
    /// The highest version ever accepted; an index must be newer to install.
    public var trustedVersion: Int = 0
    public var channel: String?
    public var published: String?
    public var expires: String?
    public var lastCheck: String?
    public var lastResult: String?
    public var etag: String?
    public var lastModified: String?
    public init() {}
  }

  public let home: String
  public var root: String { home + "/thresholds" }
  var statePath: String { root + "/state.json" }
  var currentLink: String { root + "/current" }
  var setsDirectory: String { root + "/sets" }

  public init(home: String) { self.home = home }

  /// `$FLOPWATCH_HOME`, else `~/.flopwatch`.
  public static func defaultHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let home = environment["FLOPWATCH_HOME"], !home.isEmpty { return home }
    return (environment["HOME"] ?? NSHomeDirectory()) + "/.flopwatch"
  }

  public func loadState() -> State {
    guard let bytes = try? FileText.readBytes(statePath),
      let state = try? JSONDecoder().decode(State.self, from: Data(bytes))
    else { return State() }
    return state
  }

  public func saveState(_ state: State) throws {
    if access(root, W_OK) != 0 {
      try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(state), to: statePath, permissions: 0o600)
  }

  /// The installed set's directory, if one is installed.
  public var installedDirectory: String? {
    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: currentLink) else { return nil }
    let path = target.hasPrefix("/") ? target : root + "/" + target
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? path : nil
  }

  /// The publication and expiry dates of the set in use, from the signed index kept beside it:
  /// after a rollback they are the older set's, not the last download's.
  public var installedDates: (published: String?, expires: String?) {
    guard let directory = installedDirectory,
      let data = FileManager.default.contents(atPath: directory + "/index.json"),
      let index = try? ChannelIndex.parse(data, maxFileBytes: Int.max)
    else {
      let state = loadState()
      return (state.published, state.expires)
    }
    return (index.published, index.expires)
  }

  /// The installed set's version, from its directory name.
  public var installedVersion: Int? {
    installedDirectory.flatMap { Int(URL(fileURLWithPath: $0).lastPathComponent.dropFirst()) }
  }

  /// Versions present on disk, newest first.
  public var availableVersions: [Int] {
    ((try? FileManager.default.contentsOfDirectory(atPath: setsDirectory)) ?? [])
      .compactMap { $0.hasPrefix("v") ? Int($0.dropFirst()) : nil }.sorted(by: >)
  }

  /// A fresh directory to download into, inside the store so the final rename stays on one file system.
  func makeIncoming() throws -> String {
    try FileManager.default.createDirectory(atPath: setsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let path = setsDirectory + "/.incoming-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
  }

  /// Moves a verified set into place as version `version` and points `current` at it atomically.
  func install(_ incoming: String, version: Int) throws {
    let final = setsDirectory + "/v\(version)"
    if FileManager.default.fileExists(atPath: final) { try FileManager.default.removeItem(atPath: final) }
    guard rename(incoming, final) == 0 else { throw FetchError(.filesystem, "\(final): cannot move the new set into place") }
    try point(at: version)
    prune(keep: 3)
  }

  /// Switches `current` to an installed version with one rename.
  func point(at version: Int) throws {
    let temporary = currentLink + ".tmp-\(getpid())"
    unlink(temporary)
    guard symlink("sets/v\(version)", temporary) == 0, rename(temporary, currentLink) == 0 else {
      unlink(temporary)
      throw FetchError(.filesystem, "\(currentLink): cannot switch to version \(version)")
    }
  }

  /// Returns to the newest set older than the installed one.
  public func rollback() throws -> (from: Int, to: Int) {
    guard let installed = installedVersion else { throw FetchError(.configuration, "no installed threshold set to roll back") }
    guard let previous = availableVersions.first(where: { $0 < installed }) else {
      throw FetchError(.configuration, "no earlier set than version \(installed) is kept; nothing to roll back to")
    }
    try point(at: previous)
    return (installed, previous)
  }

  func prune(keep: Int) {
    let installed = installedVersion
    for version in availableVersions.dropFirst(keep) where version != installed {
      try? FileManager.default.removeItem(atPath: setsDirectory + "/v\(version)")
    }
  }
}
