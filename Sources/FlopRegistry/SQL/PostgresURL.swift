import Foundation

/// A PostgreSQL registry's address: `postgres://user[:password]@host[:port]/database`, as
/// `--registry` and `FLOPWATCH_REGISTRY` take it (`postgresql://` too). `?host=/dir` reaches the
/// server through its Unix socket in `/dir` instead; `?sslmode=disable|prefer|require` chooses TLS
/// (default: `prefer`, or `disable` on a socket or loopback address, where TLS protects nothing).
/// Without a password in the URL, `PGPASSWORD` is used, as libpq does.
///
/// The password is kept out of `description`, so it never reaches a message, a log or an output.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
  public enum TLSMode: String, Sendable, Hashable { case disable, prefer, require }

  public var user: String
  public var password: String?
  public var host: String
  public var port: Int
  public var database: String
  /// The directory of the server's Unix socket, when connecting through it.
  public var socketDirectory: String?
  public var tls: TLSMode

  /// Reads a URL; errors name the part that is wrong, never the password.
  public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RegistryError) {
    guard let schemeEnd = text.range(of: "://") else { throw RegistryError("--registry: not a postgres:// URL") }
    var rest = Substring(text[schemeEnd.upperBound...])
    var query: [String: String] = [:]
    if let mark = rest.firstIndex(of: "?") {
      for pair in rest[rest.index(after: mark)...].split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        let key = String(parts[0])
        guard ["host", "sslmode", "port", "user", "password"].contains(key) else {
          throw RegistryError("--registry: unknown PostgreSQL URL parameter '\(key)' (known: host, port, user, sslmode)")
        }
        query[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
      }
      rest = rest[..<mark]
    }
    guard let slash = rest.firstIndex(of: "/") else {
      throw RegistryError("--registry: a PostgreSQL URL names its database: postgres://user@host:5432/DATABASE")
    }
    let authority = rest[..<slash]
    database = Self.decode(rest[rest.index(after: slash)...])
    guard !database.isEmpty else {
      throw RegistryError("--registry: a PostgreSQL URL names its database: postgres://user@host:5432/DATABASE")
    }
    var hostPart = authority
    user = query["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
    password = query["password"]
    if let at = authority.lastIndex(of: "@") {
      let credentials = authority[..<at]
      hostPart = authority[authority.index(after: at)...]
      if let colon = credentials.firstIndex(of: ":") {
        user = Self.decode(credentials[..<colon])
        password = Self.decode(credentials[credentials.index(after: colon)...])
      } else {
        user = Self.decode(credentials)
      }
    }
    if password == nil, let fromEnvironment = environment["PGPASSWORD"] { password = fromEnvironment }
    port = 5432
    if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasSuffix("]") {
      let portText = hostPart[hostPart.index(after: colon)...]
      guard let number = Int(portText), (1...65535).contains(number) else {
        throw RegistryError("--registry: port '\(portText)' is not a number from 1 to 65535")
      }
      port = number
      hostPart = hostPart[..<colon]
    }
    if let portText = query["port"] {
      guard let number = Int(portText), (1...65535).contains(number) else {
        throw RegistryError("--registry: port '\(portText)' is not a number from 1 to 65535")
      }
      port = number
    }
    host = Self.decode(hostPart.hasPrefix("[") ? hostPart.dropFirst().dropLast() : hostPart)
    if let socket = query["host"], socket.hasPrefix("/") { socketDirectory = socket } else if let name = query["host"], !name.isEmpty { host = name }
    if host.isEmpty, socketDirectory == nil { host = "localhost" }
    let local = socketDirectory != nil || ["localhost", "127.0.0.1", "::1"].contains(host)
    if let mode = query["sslmode"] {
      guard let parsed = TLSMode(rawValue: mode) else {
        throw RegistryError("--registry: sslmode '\(mode)' is not one of disable, prefer, require")
      }
      tls = parsed
    } else {
      tls = local ? .disable : .prefer
    }
  }

  /// The socket file the server listens on in `socketDirectory`.
  var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

  /// The URL without its password: what messages and outputs show.
  public var description: String {
    let where_ = socketDirectory.map { "?host=\($0)" } ?? ""
    let hostText = host.contains(":") ? "[\(host)]" : host
    return "postgres://\(user)@\(socketDirectory == nil ? hostText : ""):\(port)/\(database)\(where_)"
  }

  private static func decode(_ text: Substring) -> String { String(text).removingPercentEncoding ?? String(text) }
}
