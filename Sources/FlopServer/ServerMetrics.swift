import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Prometheus

/// The server's Prometheus metrics: requests and latencies by route, and the registry's runs by
/// status and open and overdue obligations, read when scraped. A registry of its own, not the
/// process-wide swift-metrics one, so several servers in one process (the tests) keep theirs apart.
final class ServerMetrics: Sendable {
  let registry = PrometheusCollectorRegistry()

  static let buckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
    .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]

  // Computed: the descriptor type is not Sendable, so it cannot be a stored static.
  static var requests: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "flopwatch", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered, by route, method and status") }
  static var latency: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "flopwatch", metricName: "http_request_duration", unitName: "seconds", helpText: "Time to answer an HTTP request, by route and method") }
  static var runs: MetricNameDescriptor { MetricNameDescriptor(namespace: "flopwatch", metricName: "runs", unitName: "", helpText: "Runs in the registry, by status") }
  static var open: MetricNameDescriptor { MetricNameDescriptor(namespace: "flopwatch", metricName: "obligations_open", unitName: "", helpText: "Open obligations") }
  static var overdue: MetricNameDescriptor { MetricNameDescriptor(
    namespace: "flopwatch", metricName: "obligations_overdue", unitName: "", helpText: "Open obligations past their due date") }

  /// Each route's counter and histogram, made once rather than looked up by name and labels on
  /// every request (perf put that lookup at about 1–3% of the server's time).
  private let handles = NIOLockedValueBox<[String: (requests: Counter, latency: DurationHistogram)]>([:])

  func record(route: String, method: String, status: Int, duration: Duration) {
    let key = "\(method) \(status) \(route)"
    let made = handles.withLockedValue { $0[key] } ?? {
      let made = (
        requests: registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", "\(status)")]),
        latency: registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route), ("method", method)], buckets: Self.buckets))
      handles.withLockedValue { $0[key] = made }
      return made
    }()
    made.requests.increment()
    made.latency.record(duration)
  }

  /// The metrics as Prometheus text, with the registry's gauges read now.
  func scrape(_ pool: RegistryPool) async throws -> String {
    let day = CalendarDate.today().description
    let (counts, obligations) = try await pool.run { registry in (try registry.statusCounts(), try registry.openObligationCounts(asOf: day)) }
    for status in ["planned", "running", "completed", "cancelled"] {
      registry.makeGauge(descriptor: Self.runs, labels: [("status", status)]).set(Double(counts[status] ?? 0))
    }
    registry.makeGauge(descriptor: Self.open).set(Double(obligations.open))
    registry.makeGauge(descriptor: Self.overdue).set(Double(obligations.overdue))
    return registry.emitToString()
  }
}
