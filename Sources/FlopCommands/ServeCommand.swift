import ArgumentParser
import FlopCore
import FlopEngine
import FlopFetch
import FlopFiles
import FlopRegistry
import FlopServer
import Foundation
import Logging

/// `flopwatch serve`: the registry shared over HTTP, and its API tokens.
public struct ServeCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the registry over HTTP: a REST API with tokens and roles, metrics and an OpenAPI document.",
    subcommands: [Start.self, Token.self], defaultSubcommand: Start.self)
  public init() {}

  /// `flopwatch serve [--database LOCATION] [--host H] [--port P]`.
  public struct Start: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "start",
      _superCommandName: "flopwatch serve",
      abstract: "Serve until SIGTERM or SIGINT; requests in flight are finished first.",
      discussion: """
        Every /api/v1 route needs `Authorization: Bearer TOKEN`; make the first (admin) token with `flopwatch serve token create`.

          flopwatch serve
          flopwatch serve --database postgres://flopwatch@db.internal/flopwatch --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem
        """)
    @Option(help: "The registry: a path, sqlite:PATH or postgres://user@host/db (default $FLOPWATCH_REGISTRY, else $FLOPWATCH_HOME/registry.sqlite).")
    public var database: String?
    @Option(help: "The address to listen on (0.0.0.0 for every interface).") public var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one, printed when listening).") public var port = 8517
    @Option(help: "PostgreSQL connections (SQLite uses one handle).") public var connections = 8
    @Option(name: .customLong("max-body"), help: "The largest request body in bytes, imports excepted.") public var maxBody = 1 << 20
    @Option(name: .customLong("max-import"), help: "The largest import upload in bytes.") public var maxImport = 1 << 30
    @Option(name: .customLong("body-timeout"), help: "Seconds a request body may take to arrive.") public var bodyTimeout: Int64 = 30
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (with --tls-key).") public var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.") public var tlsKey: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") public var logLevel = "info"
    @Option(help: "The configuration file with the alerts: section (default $FLOPWATCH_HOME/config.yaml when it exists).")
    public var config: String?
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    /// The alerts of the configuration file, checked before the server starts.
    func alertSettings() throws -> AlertSettings? {
      let path = config ?? ((thresholds.home ?? ThresholdStore.defaultHome()) + "/config.yaml")
      return try ConfigFile.load(path: path, required: config != nil).alerts
    }

    public func run() throws {
      guard port >= 0, port <= 65535 else { throw CommandError("--port: \(port) is not a port (0–65535)") }
      guard connections >= 1, connections <= 256 else { throw CommandError("--connections: must be 1–256") }
      guard maxBody > 0, maxImport > 0, bodyTimeout > 0 else { throw CommandError("--max-body, --max-import and --body-timeout must be positive") }
      guard let level = Logger.Level(rawValue: logLevel) else { throw CommandError("--log-level: unknown level '\(logLevel)'") }
      let (set, catalogue) = try thresholds.loadAll()
      var configuration = ServerConfiguration(location: try RegistryLocation.resolve(database), thresholds: set, catalogue: catalogue)
      configuration.host = host
      configuration.port = port
      configuration.connections = connections
      configuration.maxBodyBytes = maxBody
      configuration.maxImportBytes = maxImport
      configuration.bodySeconds = bodyTimeout
      configuration.tlsCertificate = tlsCert
      configuration.tlsKey = tlsKey
      configuration.home = thresholds.home
      configuration.alerts = try alertSettings()
      configuration.version = FlopwatchCommand.version
      let server = try FlopServer(configuration: configuration)
      var logger = Logger(label: "flopwatch.server", factory: { label in StreamLogHandler.standardError(label: label) })
      logger.logLevel = level
      let scheme = tlsCert == nil ? "http" : "https", host = self.host
      let banner = "serving \(configuration.location.displayName) (thresholds \(set.label), fingerprint \(set.fingerprint.prefix(12))…)"
      let alertNames = server.alerts == nil ? nil : configuration.alerts?.webhooks.map(\.name).joined(separator: ", ")
      let application = try server.application(logger: logger) { bound in
        FileHandle.standardOutput.write(Data("flopwatch: \(banner) at \(scheme)://\(host):\(bound)\n".utf8))
        if let names = alertNames { FileHandle.standardOutput.write(Data("flopwatch: alerts to \(names)\n".utf8)) }
      }
      let outcome = BlockingOutcome()
      Task {
        let scheduler = server.alerts.map { alerts in Task { await alerts.run() } }
        defer { scheduler?.cancel() }
        do {
          try await application.runService()
          await server.shutdown()
          outcome.finish(nil)
        } catch {
          await server.shutdown()
          outcome.finish(error)
        }
      }
      if let error = outcome.wait() { throw CommandError("serve: \(error)") }
      FileHandle.standardOutput.write(Data("flopwatch: stopped; every request in flight was answered\n".utf8))
    }
  }
}

/// Waits on the calling thread for an async task's end.
final class BlockingOutcome: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var error: (any Error)?

  func finish(_ error: (any Error)?) {
    self.error = error
    done.signal()
  }

  func wait() -> (any Error)? {
    done.wait()
    return error
  }
}
