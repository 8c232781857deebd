import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import FlopRules
import FlopServer
import FlopTestSupport
import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import Testing

/// A server over a fresh registry on one backend, with a token of every role (and some that
/// must fail), tested in-process through Hummingbird's router test framework.
struct ServerFixture {
  let backend: StorageBackend
  let location: String
  let server: FlopServer
  let assessor: RunAssessor
  /// The FlopWatch home whose threshold channel the server reports (empty: the shipped set).
  let home: String
  /// The whole token of each role's holder, named after its role (`viewer`, `submitter`, …).
  var tokens: [Role: String] = [:]
  /// Tokens that must get 401: revoked, expired, a right id with a wrong secret.
  var refused: [String: String] = [:]

  static func run(id: String, params: String = "100B", tokens: String = "10T", start: String = "2026-11-01", end: String = "2026-12-31") -> String {
    """
    flopwatch: 1
    id: \(id)
    name: \(id)
    developer: {name: Lab, annual_revenue_usd: 1e9}
    model: {architecture: dense, parameters: \(params), modalities: [text]}
    stages: [{kind: pre-training, tokens: \(tokens)}]
    schedule: {start: \(start), end: \(end)}
    markets: [EU]
    status: running

    """
  }

  init(
    backend: StorageBackend, maxBodyBytes: Int = 1 << 20, location existing: String? = nil, alerts: AlertSettings? = nil,
    clock: @escaping @Sendable () -> Date = { Date() }, channel: (@Sendable () -> ChannelStatus?)? = nil
  ) throws {
    self.backend = backend
    location = try existing ?? backend.freshLocation()
    let thresholds = try ThresholdSet.load(directories: [Paths.thresholds], label: "shipped")
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue)
    var configuration = ServerConfiguration(location: try RegistryLocation(location), thresholds: thresholds, catalogue: catalogue)
    configuration.connections = 4
    configuration.maxBodyBytes = maxBodyBytes
    configuration.bodySeconds = 5
    home = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-home-\(UUID().uuidString)").path
    configuration.home = home
    configuration.alerts = alerts
    configuration.clock = clock
    configuration.channelStatus = channel
    server = try FlopServer(configuration: configuration)
    assessor = RunAssessor(catalogue: catalogue.catalogue, thresholds: thresholds, asOf: CalendarDate.today())
    let registry = try Registry(location: try RegistryLocation(location), create: true)
    // Reopening an existing registry (a restart): its tokens are there already.
    if existing != nil { return }
    for role in Role.allCases {
      tokens[role] = try registry.issueToken(name: "\(role.rawValue)-holder", role: role, expires: nil, actor: "test").0.text
    }
    let revoked = try registry.issueToken(name: "revoked", role: .admin, expires: nil, actor: "test").0
    _ = try registry.revokeToken("revoked", actor: "test")
    refused["revoked"] = revoked.text
    // Expired yesterday: written straight to the table, as `issueToken` refuses a past day.
    let expired = APIToken.generate()
    try registry.addToken(
      StoredToken(id: expired.id, name: "expired", role: "admin", secretSHA256: expired.secretSHA256,
                  createdAt: "2026-01-01T00:00:00Z", createdBy: "test", expires: "2026-01-02"), actor: "test")
    refused["expired"] = expired.text
    let admin = try #require(tokens[.admin])
    refused["wrong secret"] = String(admin.dropLast(4)) + (admin.hasSuffix("0000") ? "1111" : "0000")
    refused["not a token"] = "hunter2"
  }

  /// Registers a run directly (as setup, not through the API).
  func add(_ yaml: String, actor: String = "setup") throws {
    let registry = try registry()
    try registry.add(try registry.assess(try RunFileParser.parse(yaml, file: "setup.yaml"), with: assessor), actor: actor)
  }

  /// A registry handle on the same database, for checking what the server stored.
  func registry() throws -> Registry { try Registry(location: try RegistryLocation(location), create: false) }

  /// Runs `body` with a client of the in-process server.
  func withClient<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
    var logger = Logger(label: "flopwatch.test")
    logger.logLevel = .warning
    let app = Application(router: server.router(), logger: logger)
    return try await app.test(.router) { client in try await body(Client(client: client)) }
  }

  /// A client that sends a token and reads JSON answers.
  struct Client: Sendable {
    let client: any TestClientProtocol

    struct Answer: Sendable {
      var status: Int
      var text: String
      var json: JSONValue? { JSONValue.parse(text) }
      /// The error message of an error answer.
      var message: String { json?["error"]?["message"]?.string ?? "" }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil) async throws -> Answer {
      var headers: HTTPFields = [:]
      if let token { headers[.authorization] = "Bearer \(token)" }
      return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
        Answer(status: Int(response.status.code), text: String(buffer: response.body))
      }
    }
  }
}
