import NIOCore
import NIOPosix
import PostgresNIO

extension PostgresStore {
  /// The server's own message for an error it sent (never the query's bound values).
  static func detail(of error: any Error) -> String? {
    guard let error = error as? PSQLError, let message = error.serverInfo?[.message] else { return nil }
    return message
  }

  /// A sentence for a PostgreSQL error that reached the command line, or nil when it is not one.
  static func message(for error: any Error) -> String? {
    guard let error = error as? PSQLError else { return nil }
    if let message = error.serverInfo?[.message] {
      return "the PostgreSQL registry refused the command (\(message)); nothing was written"
    }
    switch error.code {
    case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .connectionError:
      return "the connection to the PostgreSQL registry was lost; nothing of the unfinished command was committed (run it again)"
    default:
      return "the PostgreSQL registry could not complete the command (\(error.code))"
    }
  }

  /// An error from inside a transaction, as a `RegistryError` naming the server.
  static func describe(_ error: any Error, url: PostgresURL) -> any Error {
    if error is ConnectionLost {
      return RegistryError("\(url): the connection to the server was lost; nothing of the unfinished command was committed (run it again)")
    }
    guard let psql = error as? PSQLError else { return error }
    if let message = psql.serverInfo?[.message] {
      let state = psql.serverInfo?[.sqlState] ?? ""
      // 57P01: terminated by an administrator (pg_terminate_backend), 57P02/57P03: server shutting down.
      if state.hasPrefix("57P") || state.hasPrefix("08") {
        return RegistryError("\(url): the server ended the connection (\(message)); nothing of the unfinished command was committed (run it again)")
      }
      return RegistryError("\(url): \(message); nothing was written")
    }
    switch psql.code {
    case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .connectionError:
      return RegistryError("\(url): the connection to the server was lost; nothing of the unfinished command was committed (run it again)")
    default:
      return RegistryError("\(url): the command failed (\(psql.code))")
    }
  }

  /// Why a connection could not be made: server down, wrong password, no such database.
  static func connectionProblem(_ error: any Error, url: PostgresURL) -> String {
    if let psql = error as? PSQLError {
      if let message = psql.serverInfo?[.message] {
        switch psql.serverInfo?[.sqlState] {
        case "28P01", "28000": return "the server refused the login (\(message)); check the user and password (the URL or PGPASSWORD)"
        case "3D000": return "\(message) (create it with `createdb \(url.database)`, or check the URL)"
        default: return "the server refused the connection (\(message))"
        }
      }
      switch psql.code {
      case .authMechanismRequiresPassword: return "the server asks for a password and none was given (put it in the URL or PGPASSWORD)"
      case .sslUnsupported: return "the server does not offer TLS, and sslmode=require was asked for"
      case .connectionError:
        let underlying = psql.underlying.map { "\($0)" } ?? "no answer"
        return "cannot connect to the PostgreSQL server (\(Self.shortReason(underlying))); is it running, and is the host and port right?"
      default: return "cannot connect to the PostgreSQL server (\(psql.code))"
      }
    }
    return "cannot connect to the PostgreSQL server (\(Self.shortReason("\(error)")))"
  }

  private static func shortReason(_ text: String) -> String {
    if text.contains("refused") || text.contains("ECONNREFUSED") { return "connection refused" }
    if text.contains("No such file") || text.contains("ENOENT") { return "no server socket there" }
    if text.lowercased().contains("timeout") || text.contains("timed out") { return "timed out" }
    return text.count > 200 ? String(text.prefix(200)) + "…" : text
  }
}
