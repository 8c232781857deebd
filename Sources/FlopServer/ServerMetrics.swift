import FlopRegistry
import Foundation
import Hummingbird
import Prometheus

/// The server's Prometheus metrics: requests and latencies by route, and the registry's runs by
/// status and open and overdue obligations, read when scraped. A registry of its own, not the
/// process-wide swift-metrics one, so several servers in one process (the tests) keep theirs apart.
final class ServerMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()

  static let buckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]

  func record(route: String, method: String, status: Int, duration: Duration) {
    registry.makeCounter(
      name: "flopwatch_http_requests_total", labels: [("route", route), ("method", method), ("status", "\(status)")],
      help: "HTTP requests answered, by route, method and status"
    ).increment()
    registry.makeDurationHistogram(
      name: "flopwatch_http_request_duration_seconds", labels: [("route", route), ("method", method)], buckets: Self.buckets,
      help: "Time to answer an HTTP request, by route and method"
    ).record(duration)
  }

  /// The metrics as Prometheus text, with the registry's gauges read now.
  func scrape(_ pool: RegistryPool) async throws -> String {
    let day = String(Registry.timestamp(Date()).prefix(10))
    let (counts, obligations) = try await pool.read { registry in (try registry.statusCounts(), try registry.openObligationCounts(asOf: day)) }
    for status in ["planned", "running", "completed", "cancelled"] {
      registry.makeGauge(name: "flopwatch_runs", labels: [("status", status)], help: "Runs in the registry, by status")
        .set(Double(counts[status] ?? 0))
    }
    registry.makeGauge(name: "flopwatch_obligations_open", help: "Open obligations").set(Double(obligations.open))
    registry.makeGauge(name: "flopwatch_obligations_overdue", help: "Open obligations past their due date").set(Double(obligations.overdue))
    return registry.emitToString()
  }
}
