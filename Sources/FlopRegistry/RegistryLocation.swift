import Foundation

/// Where a registry lives, as `--registry` or `FLOPWATCH_REGISTRY` name it (CONTRACT.md §6).
public enum RegistryLocation: Sendable, Hashable {
  /// An embedded SQLite file.
  case sqlite(path: String)

  /// Reads a location: a path or `sqlite:PATH`. A URL with a scheme this build has no backend
  /// for is an error naming the scheme, never taken as a path: a path made from
  /// `postgres://user:pw@host/db` would create directories named after the password.
  public init(_ text: String) throws(RegistryError) {
    if text.hasPrefix("sqlite:") {
      var path = String(text.dropFirst("sqlite:".count))
      if path.hasPrefix("//") { path.removeFirst(2) }
      guard !path.isEmpty else { throw RegistryError("--registry sqlite: needs a path, e.g. sqlite:runs.sqlite") }
      self = .sqlite(path: path)
      return
    }
    if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") {
      let scheme = String(text[..<colon])
      let known = scheme.lowercased() == "postgres" || scheme.lowercased() == "postgresql"
      throw RegistryError(
        known
          ? "--registry: this FlopWatch has no PostgreSQL backend yet (scheme '\(scheme)'); give a path or sqlite:PATH"
          : "--registry: unknown scheme '\(scheme)' (expected a path, sqlite:PATH or postgres://user@host/db)")
    }
    guard !text.isEmpty else { throw RegistryError("--registry needs a path") }
    self = .sqlite(path: text)
  }

  /// The location in effect: the flag, else `FLOPWATCH_REGISTRY`, else the default file.
  public static func resolve(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RegistryError) -> RegistryLocation {
    if let flag { return try RegistryLocation(flag) }
    if let text = environment["FLOPWATCH_REGISTRY"], !text.isEmpty { return try RegistryLocation(text) }
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
    }
  }
}
