import Crypto
import FlopCore
import FlopEngine
import FlopFetch
import FlopFiles
import FlopRegistry
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// Finds alert events and delivers them to the configured webhooks, through the registry's
/// outbox: an event is recorded once (by key) with a delivery per webhook, and a delivery is
/// retried with exponential backoff until it lands or its attempts run out. A restart resumes
/// from the outbox. The clock is injected, so tests move time instead of waiting.
///
/// Deliveries run on threads of their own with a timeout each, and the server's scan and its
/// requests never wait for them: a slow or unreachable receiver delays only its own alerts.
public final class AlertDispatcher: Sendable {
  let pool: RegistryPool
  let settings: AlertSettings
  let scan: AlertScan
  let clock: @Sendable () -> Date
  let channel: @Sendable () -> ChannelStatus?
  let logger: Logger
  private let senders: NIOThreadPool
  private let inFlight = NIOLockedValueBox(Set<String>())
  private let lastVerify = NIOLockedValueBox<Date?>(nil)

  init(
    pool: RegistryPool, settings: AlertSettings, assessor: RunAssessor, logger: Logger,
    clock: @escaping @Sendable () -> Date, channel: @escaping @Sendable () -> ChannelStatus?
  ) {
    self.pool = pool
    self.settings = settings
    self.scan = AlertScan(settings: settings, assessor: assessor)
    self.clock = clock
    self.channel = channel
    self.logger = logger
    senders = NIOThreadPool(numberOfThreads: 4)
    senders.start()
  }

  /// Records events (those not seen before get a delivery per webhook that wants their kind).
  @discardableResult
  func record(_ events: [AlertEvent]) async throws -> [String] {
    let at = Registry.timestamp(clock())
    var recorded: [String] = []
    // One write per kind: each kind goes to the webhooks that asked for it.
    for (kind, group) in Dictionary(grouping: events, by: \.kind) {
      let names = settings.webhooks.filter { $0.events.contains(kind) }.map(\.name)
      let rows = try group.map { (key: $0.key, kind: kind.rawValue, runID: $0.runID, payload: try $0.json()) }
      recorded += try await pool.run { try $0.recordAlertEvents(rows, destinations: names, at: at) }
    }
    return recorded
  }

  /// One scan: events from the registry (and a scheduled verify when it is due), recorded.
  @discardableResult
  public func scanOnce() async throws -> [String] {
    let now = clock(), scan = self.scan, channel = self.channel()
    let (events, state) = try await pool.run { try scan.events(in: $0, channel: channel, now: now) }
    var all = events
    if settings.verifyHours > 0, lastVerify.withLockedValue({ $0.map { now.timeIntervalSince($0) >= self.settings.verifyHours * 3600 } ?? true }) {
      lastVerify.withLockedValue { $0 = now }
      if let event = AlertEvent.tamper(try await pool.run { try $0.verify() }, at: now) { all.append(event) }
    }
    let recorded = try await record(all)
    try await pool.run { try $0.setAlertState(state) }
    return recorded
  }

  /// Sends every delivery due now and waits for them (each bounded by its timeout); returns how
  /// many landed.
  @discardableResult
  public func deliverDue() async throws -> Int {
    let now = Registry.timestamp(clock())
    let due = try await pool.run { try $0.dueAlertDeliveries(now: now, limit: 200) }
    let mine = due.filter { delivery in inFlight.withLockedValue { $0.insert(delivery.eventKey + "\n" + delivery.destination).inserted } }
    return await withTaskGroup(of: Bool.self) { group in
      for delivery in mine {
        group.addTask { await self.deliver(delivery) }
      }
      var landed = 0
      for await ok in group where ok { landed += 1 }
      return landed
    }
  }

  /// A scan, then the deliveries due: what one scheduler tick does (tests call it with the clock moved).
  public func tick() async throws {
    try await scanOnce()
    try await deliverDue()
  }

  /// The scheduler: scans every `scanSeconds` and sends due deliveries every second, in two
  /// tasks, until cancelled. Errors are logged and the loop goes on.
  public func run() async {
    let scanning = Task {
      while !Task.isCancelled {
        do { try await scanOnce() } catch { logger.error("alert scan failed: \(error)") }
        try? await Task.sleep(for: .seconds(settings.scanSeconds))
      }
    }
    let delivering = Task {
      while !Task.isCancelled {
        do { try await deliverDue() } catch { logger.error("alert delivery failed: \(error)") }
        try? await Task.sleep(for: .seconds(1))
      }
    }
    await withTaskCancellationHandler {
      await scanning.value
      await delivering.value
    } onCancel: {
      scanning.cancel()
      delivering.cancel()
    }
  }

  func shutdown() async { try? await senders.shutdownGracefully() }

  private func deliver(_ delivery: AlertDelivery) async -> Bool {
    defer { _ = inFlight.withLockedValue { $0.remove(delivery.eventKey + "\n" + delivery.destination) } }
    guard let webhook = settings.webhooks.first(where: { $0.name == delivery.destination }) else {
      // A webhook removed from the configuration: its deliveries end, recorded as such.
      try? await pool.run { try $0.finishAlertAttempt(eventKey: delivery.eventKey, destination: delivery.destination, at: Registry.timestamp(self.clock()), error: "no webhook named '\(delivery.destination)' is configured", nextAt: nil) }
      return false
    }
    var failure: String?
    do {
      let request = try WebhookRequest(delivery: delivery, webhook: webhook)
      var client = HTTPClient(version: "alerts")
      client.connectTimeout = min(5, settings.timeoutSeconds)
      client.totalTimeout = settings.timeoutSeconds
      client.attempts = 1
      client.maxBodyBytes = 64 << 10
      let sender = client
      let response = try await senders.runIfActive { try sender.send("POST", webhook.url, headers: request.headers, body: request.body) }
      if !(200..<300).contains(response.status) { failure = "HTTP \(response.status)" }
    } catch {
      failure = "\(error)"
    }
    let attempts = delivery.attempts + 1, now = clock(), outcome = failure
    let nextAt = failure != nil && attempts < settings.attempts ? Registry.timestamp(now.addingTimeInterval(settings.backoff(afterFailures: attempts))) : nil
    do {
      try await pool.run { try $0.finishAlertAttempt(eventKey: delivery.eventKey, destination: delivery.destination, at: Registry.timestamp(now), error: outcome, nextAt: nextAt) }
    } catch {
      logger.error("could not record an alert delivery: \(error)")
    }
    if let failure {
      logger.warning("alert \(delivery.eventKey) to \(delivery.destination) failed (attempt \(attempts)): \(failure)")
    }
    return failure == nil
  }
}
