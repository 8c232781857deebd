import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// `flopwatch serve`: the registry shared over HTTP. Builds the Hummingbird application over the
/// registry at `configuration.location`; `run()` serves until SIGTERM or SIGINT, then stops taking
/// connections and finishes the requests in flight before returning.
public struct FlopServer: Sendable {
  public let configuration: ServerConfiguration
  let pool: RegistryPool
  let metrics = ServerMetrics()
  let sessions = WebSessions()
  /// The alert scheduler, when alerts are configured.
  public let alerts: AlertDispatcher?

  /// Opens the registry (creating it if needed) and checks the TLS files, before listening.
  public init(configuration: ServerConfiguration) throws {
    if (configuration.tlsCertificate == nil) != (configuration.tlsKey == nil) {
      throw FlopServerError("--tls-cert and --tls-key go together (a certificate chain and its private key, PEM)")
    }
    self.configuration = configuration
    pool = try RegistryPool(location: configuration.location, connections: configuration.connections)
    if let settings = configuration.alerts, !settings.webhooks.isEmpty {
      let home = configuration.home
      alerts = AlertDispatcher(
        pool: pool, settings: settings,
        assessor: RunAssessor(catalogue: configuration.catalogue.catalogue, thresholds: configuration.thresholds, asOf: CalendarDate.today()),
        logger: Logger(label: "flopwatch.alerts"), clock: configuration.clock,
        channel: configuration.channelStatus ?? { try? ChannelStatus.read(home: home) })
    } else {
      alerts = nil
    }
  }

  /// The routes, for serving or for testing in-process (`HummingbirdTesting`).
  public func router() -> Router<ServerContext> {
    let router = Router(context: ServerContext.self)
    router.add(middleware: RequestMiddleware(metrics: metrics))
    let api = API(pool: pool, authority: TokenAuthority(pool: pool), configuration: configuration, alerts: alerts)
    let pool = self.pool, metrics = self.metrics
    router.get("/healthz") { _, _ in
      _ = try await pool.run { try $0.statusCounts() }
      return JSONResponse.text("{\"status\": \"ok\"}\n")
    }
    router.get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: try await metrics.scrape(pool))))
    }
    router.get("/api/v1/openapi.json") { _, _ in JSONResponse.text(OpenAPIDocument.text) }
    api.addRunRoutes(to: router)
    api.addObligationRoutes(to: router)
    api.addAssessRoutes(to: router)
    api.addRecordRoutes(to: router)
    api.addTokenRoutes(to: router)
    WebPages(api: api, sessions: sessions, secure: configuration.tlsCertificate != nil).add(to: router)
    return router
  }

  /// The application: HTTP/1.1, or HTTPS with the configured certificate.
  public func application(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    let http = HTTP1Channel.Configuration(idleTimeout: .seconds(configuration.idleSeconds))
    var server: HTTPServerBuilder = .http1(configuration: http)
    if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
      do {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        server = try .tls(.http1(configuration: http), tlsConfiguration: tls)
      } catch {
        throw FlopServerError("--tls-cert \(certificate) / --tls-key \(key): \(error)")
      }
    }
    return Application(
      router: router(), server: server,
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "flopwatch"),
      onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
      logger: logger)
  }

  /// Stops the registry's threads; call after the application has returned.
  public func shutdown() async {
    await alerts?.shutdown()
    await pool.shutdown()
  }
}
