import Foundation

/// Where a registry lives, as `--registry` or `FLOPWATCH_REGISTRY` name it (CONTRACT.md §6).
public enum RegistryLocation: Sendable, Hashable {
  /// An embedded SQLite file.
  case sqlite(path: String)
  /// A PostgreSQL database.
  case postgres(PostgresURL)

  /// The location as messages and outputs show it: the path, or the URL without its password.
  public var displayName: String {
    switch self {
    case .sqlite(let path): path
    case .postgres(let url): url.description
    }
  }

  /// Reads a location: a path, `sqlite:PATH`, or `postgres://user[:password]@host[:port]/db`.
  /// A URL with another scheme is an error naming the scheme, never taken as a path (a path
  /// made from a mistyped URL would create directories named after its password).
  public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RegistryError) {
    if text.hasPrefix("sqlite:") {
      var path = String(text.dropFirst("sqlite:".count))
      if path.hasPrefix("//") { path.removeFirst(2) }
      guard !path.isEmpty else { throw RegistryError("--registry sqlite: needs a path, e.g. sqlite:runs.sqlite") }
      self = .sqlite(path: path)
      return
    }
    if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") {
      let scheme = String(text[..<colon])
      guard scheme.lowercased() == "postgres" || scheme.lowercased() == "postgresql" else {
        throw RegistryError("--registry: unknown scheme '\(scheme)' (expected a path, sqlite:PATH or postgres://user@host/db)")
      }
      self = .postgres(try PostgresURL(text, environment: environment))
      return
    }
    guard !text.isEmpty else { throw RegistryError("--registry needs a path") }
    self = .sqlite(path: text)
  }

  /// The location in effect: the flag, else `FLOPWATCH_REGISTRY`, else the default file.
  public static func resolve(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RegistryError) -> RegistryLocation {
    if let flag { return try RegistryLocation(flag, environment: environment) }
    if let text = environment["FLOPWATCH_REGISTRY"], !text.isEmpty { return try RegistryLocation(text, environment: environment) }
    return .sqlite(path: Registry.defaultPath(environment: environment))
  }
}

extension Registry {
  /// Opens the registry at `location`; only `create` (add, import) may make a new one, so a
  /// mistyped path given to a read-only command is an error, not an empty registry reported `ok`.
  /// `readOnly` opens it for reading only (list, show, verify, export, reports).
  public convenience init(location: RegistryLocation, create: Bool, readOnly: Bool = false) throws {
    switch location {
    case .sqlite(let path):
      if !create, !FileManager.default.fileExists(atPath: path) {
        throw RegistryError("\(path): no registry there (`registry add` or `registry import` creates one; check --registry or FLOPWATCH_REGISTRY)")
      }
      if readOnly { try self.init(readingOnly: path) } else { try self.init(path: path) }
    case .postgres(let url):
      self.init(store: try PostgresStore(url: url, create: create, readOnly: readOnly))
    }
  }
}
