import Crypto
import FlopEngine
import FlopFiles
import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Testing

/// Alerts end to end: the scheduler on an injected clock, the registry's outbox, and real HTTP
/// deliveries to a loopback receiver (a separate process).
@Suite(.serialized) struct AlertTests {
  static let secret = "a-test-secret-of-32-bytes-length"

  /// A clock the test moves.
  final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ text: String) { value = Registry.parseTime(text)! }
    var now: Date { lock.withLock { value } }
    func set(_ text: String) { lock.withLock { value = Registry.parseTime(text)! } }
    func advance(_ seconds: Double) { lock.withLock { value = value.addingTimeInterval(seconds) } }
  }

  static func settings(_ hooks: [(String, String, AlertSettings.Webhook.Format)]) -> AlertSettings {
    var settings = AlertSettings()
    settings.webhooks = hooks.map { AlertSettings.Webhook(name: $0.0, url: $0.1, format: $0.2, secret: secret) }
    settings.dueDays = [7, 2]
    settings.verifyHours = 1
    settings.timeoutSeconds = 2
    return settings
  }

  static func channel(expires: String, lastResult: String) -> ChannelStatus? {
    let json = """
      {"inUse": "installed version 3", "installedVersion": 3, "trustedVersion": 3, "channel": "https://rules.example/flopwatch",
       "published": "2026-10-20T00:00:00Z", "expires": "\(expires)", "expired": false, "lastCheck": "2026-11-01T06:00:00Z",
       "lastResult": "\(lastResult)", "keptVersions": [3]}
      """
    return try? JSONDecoder().decode(ChannelStatus.self, from: Data(json.utf8))
  }

  static func progress(_ fixture: ServerFixture, _ day: String, _ tokens: Double) throws {
    _ = try fixture.registry().recordProgress(
      "atlas", at: Registry.parseTime(day)!, tokens: tokens, gpuHours: nil, actor: "trainer", assessor: fixture.assessor,
      now: Registry.parseTime("2026-12-31")!)
  }

  @Test(arguments: StorageBackend.available) func everyEventTypeFiresOnceToEachWebhookSigned(backend: StorageBackend) async throws {
    let receiver = try WebhookReceiver()
    let clock = Clock("2026-11-01T08:00:00Z")
    let settings = Self.settings([("generic", receiver.url("/hook"), .json), ("chat", receiver.url("/slack"), .slack)])
    let channel: @Sendable () -> ChannelStatus? = { Self.channel(expires: "2026-11-20T00:00:00Z", lastResult: "failed: the index signature does not verify") }
    let fixture = try ServerFixture(backend: backend, alerts: settings, clock: { clock.now }, channel: channel)
    let alerts = try #require(fixture.server.alerts)

    try await alerts.tick()  // starts the scan's cursor; a refused update is news already
    try fixture.add(ServerFixture.run(id: "atlas", params: "400B", tokens: "15T"))
    try Self.progress(fixture, "2026-11-03", 1e12)
    clock.set("2026-11-03T12:00:00Z")
    try await alerts.tick()  // rule met; the forecast's first crossing date is noted
    try Self.progress(fixture, "2026-11-05", 3e12)
    clock.set("2026-11-05T12:00:00Z")
    try await alerts.tick()  // the crossing moved earlier
    clock.set("2026-11-09T08:00:00Z")
    try await alerts.tick()  // the notification is due within 7 days; the set expires within 14
    clock.set("2026-11-13T08:00:00Z")
    try await alerts.tick()  // within 2 days
    clock.set("2026-11-16T08:00:00Z")
    // Someone edits the registry while the server is down; after the restart, the scheduled
    // verify finds it (and the notification is now overdue).
    await fixture.server.shutdown()
    try backend.tamper(fixture.location, "UPDATE api_tokens SET role = 'admin' WHERE name = 'viewer-holder'")
    let restarted = try ServerFixture(backend: backend, location: fixture.location, alerts: settings, clock: { clock.now }, channel: channel)
    defer { Task { await restarted.server.shutdown() } }
    let again = try #require(restarted.server.alerts)
    try await again.tick()
    let before = receiver.requests.count
    try await again.tick()
    #expect(receiver.requests.count == before, "a scan that finds nothing new sends nothing")

    let generic = receiver.requests.filter { $0.path == "/hook" }, chat = receiver.requests.filter { $0.path == "/slack" }
    let kinds = generic.compactMap { $0.json?["kind"] as? String }
    for kind in AlertSettings.Kind.allCases {
      #expect(kinds.contains(kind.rawValue), "no \(kind.rawValue) alert in \(kinds)")
    }
    let keys = generic.compactMap { $0.json?["key"] as? String }
    #expect(keys.contains { $0.hasPrefix("due:atlas:") && $0.hasSuffix(":7d") } && keys.contains { $0.hasPrefix("due:atlas:") && $0.hasSuffix(":2d") }, "\(keys)")
    #expect(keys.contains { $0.hasPrefix("rule:atlas:eu-ai-act/systemic-risk-presumption:met") }, "\(keys)")
    #expect(keys.contains { $0.hasPrefix("refused:") } && keys.contains { $0.hasPrefix("expiry:3:") }, "\(keys)")
    // Once per destination: no idempotency key twice at one path, and both paths got every event.
    for requests in [generic, chat] {
      let ids = requests.compactMap { $0.header("Idempotency-Key") }
      #expect(ids.count == requests.count && Set(ids).count == ids.count, "an event was sent twice")
    }
    #expect(Set(generic.compactMap { $0.header("Idempotency-Key") }) == Set(chat.compactMap { $0.header("Idempotency-Key") }))
    #expect(chat.allSatisfy { ($0.json?["text"] as? String)?.hasPrefix("*FlopWatch*") == true })
    // Every signature verifies with the shared secret, and a changed body would not.
    for request in receiver.requests {
      let mac = HMAC<SHA256>.authenticationCode(for: Data(request.body.utf8), using: SymmetricKey(data: Data(Self.secret.utf8)))
      let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
      #expect(request.header("FlopWatch-Signature") == expected)
      let tampered = HMAC<SHA256>.authenticationCode(for: Data((request.body + " ").utf8), using: SymmetricKey(data: Data(Self.secret.utf8)))
      #expect("sha256=" + tampered.map { String(format: "%02x", $0) }.joined() != expected)
    }
    let deliveries = try fixture.registry().alertDeliveries()
    #expect(!deliveries.isEmpty && deliveries.allSatisfy { $0.deliveredAt != nil && $0.attempts == 1 })
  }

  @Test(arguments: StorageBackend.available) func aFailedDeliveryIsRetriedWithBackoffAcrossARestart(backend: StorageBackend) async throws {
    let receiver = try WebhookReceiver(failFirst: 2)
    let clock = Clock("2026-11-20T00:00:00Z")
    let settings = Self.settings([("generic", receiver.url("/hook"), .json)])
    let first = try ServerFixture(backend: backend, alerts: settings, clock: { clock.now })
    try first.add(ServerFixture.run(id: "atlas", params: "400B", tokens: "15T"))
    try await #require(first.server.alerts).tick()  // the notification is overdue; attempt 1 fails
    #expect(receiver.requests.map(\.status) == [500])
    clock.advance(10)
    try await #require(first.server.alerts).tick()
    #expect(receiver.requests.count == 1, "not retried before its backoff (30 s)")
    await first.server.shutdown()

    // A new server on the same registry carries on from the outbox.
    let second = try ServerFixture(backend: backend, location: first.location, alerts: settings, clock: { clock.now })
    defer { Task { await second.server.shutdown() } }
    clock.advance(21)
    try await #require(second.server.alerts).tick()
    #expect(receiver.requests.map(\.status) == [500, 500])
    clock.advance(59)
    try await #require(second.server.alerts).tick()
    #expect(receiver.requests.count == 2, "the second wait is twice the first (60 s)")
    clock.advance(2)
    try await #require(second.server.alerts).tick()
    #expect(receiver.requests.map(\.status) == [500, 500, 200])
    #expect(Set(receiver.requests.compactMap { $0.header("Idempotency-Key") }).count == 1, "every attempt carries the same key")
    let delivery = try #require(try second.registry().alertDeliveries().first)
    #expect(delivery.attempts == 3 && delivery.deliveredAt != nil && delivery.lastError == nil)
  }

  @Test func aSlowOrDeadWebhookHoldsUpNeitherTheOthersNorRequests() async throws {
    let good = try WebhookReceiver(), slow = try WebhookReceiver(slowSeconds: 20)
    let clock = Clock("2026-11-20T00:00:00Z")
    let settings = Self.settings([("good", good.url("/hook"), .json), ("slow", slow.url("/hook"), .json), ("dead", "http://127.0.0.1:9/hook", .json)])
    let fixture = try ServerFixture(backend: .sqlite, alerts: settings, clock: { clock.now })
    defer { Task { await fixture.server.shutdown() } }
    try fixture.add(ServerFixture.run(id: "atlas", params: "400B", tokens: "15T"))
    let alerts = try #require(fixture.server.alerts)
    let viewer = try #require(fixture.tokens[.viewer])
    try await fixture.withClient { client in
      let started = Date()
      async let tick: Void = alerts.tick()
      // While the slow receiver holds its delivery, the API answers.
      try await Task.sleep(for: .milliseconds(300))
      let answerStarted = Date()
      let answer = try await client.send(.get, "/api/v1/runs/atlas", token: viewer)
      #expect(answer.status == 200 && Date().timeIntervalSince(answerStarted) < 3, "the slow receiver holds its delivery for 20 s")
      try await tick
      #expect(Date().timeIntervalSince(started) < 10, "each delivery is bounded by timeout_seconds (2)")
    }
    let deliveries = try fixture.registry().alertDeliveries()
    #expect(deliveries.filter { $0.destination == "good" }.allSatisfy { $0.deliveredAt != nil })
    for name in ["slow", "dead"] {
      let failed = deliveries.filter { $0.destination == name }
      #expect(!failed.isEmpty && failed.allSatisfy { $0.deliveredAt == nil && $0.lastError != nil && $0.attempts == 1 }, "\(name): \(failed)")
    }
  }

  @Test(arguments: [
    ("alerts: {webhooks: [{name: a, url: 'ftp://x', secret: 0123456789abcdef}]}", "alerts.webhooks[0].url"),
    ("alerts: {webhooks: [{name: a, url: 'http://example.com/x', secret: 0123456789abcdef}]}", "loopback"),
    ("alerts: {webhooks: [{name: a, url: 'https://x.example', secret: short}]}", "at least 16 bytes"),
    ("alerts: {webhooks: [{name: a, url: 'https://x.example', secret_env: NOT_SET_ANYWHERE}]}", "NOT_SET_ANYWHERE is not set"),
    ("alerts: {webhooks: [{name: a, url: 'https://x.example', secret: 0123456789abcdef, events: [rule-met, lunch]}]}", "unknown event 'lunch'"),
    ("alerts: {webhooks: [{name: a, url: 'https://x.example', secret: 0123456789abcdef, format: teams}]}", "unknown format 'teams'"),
    ("alerts: {due_days: [7, -1]}", "alerts.due_days[1]"),
    ("alerts: {colour: red}", "colour"),
  ]) func aBadConfigurationNamesTheField(text: String, expected: String) throws {
    #expect {
      _ = try ConfigFile.parse(text, file: "config.yaml", environment: [:])
    } throws: { error in
      "\(error)".contains(expected) && "\(error)".contains("config.yaml")
    }
  }

  @Test func aConfigurationIsRead() throws {
    let text = """
      alerts:
        due_days: [14, 3]
        first_retry_seconds: 10
        webhooks:
          - {name: compliance, url: 'https://alerts.example.com/flopwatch', secret_env: HOOK_SECRET}
          - {name: slack, url: 'https://hooks.slack.com/services/T0/B0/X', format: slack, secret: 0123456789abcdef, events: [obligation-due, obligation-overdue]}
      """
    let config = try ConfigFile.parse("channel: https://rules.example/flopwatch\ntrusted_key: channel.pub\n" + text, file: "config.yaml", environment: ["HOOK_SECRET": "from-the-environment-0123"])
    // One file for every section: `thresholds update` reads the channel from the file `serve` reads alerts from.
    #expect(config.channel == "https://rules.example/flopwatch" && config.trustedKey == "channel.pub")
    let settings = try #require(config.alerts)
    #expect(settings.dueDays == [14, 3] && settings.firstRetrySeconds == 10)
    #expect(settings.webhooks.map(\.name) == ["compliance", "slack"])
    #expect(settings.webhooks[0].secret == "from-the-environment-0123" && settings.webhooks[0].events == Set(AlertSettings.Kind.allCases))
    #expect(settings.webhooks[1].format == .slack && settings.webhooks[1].events == [.obligationDue, .obligationOverdue])
    #expect(settings.backoff(afterFailures: 1) == 10 && settings.backoff(afterFailures: 3) == 40)
  }
}
