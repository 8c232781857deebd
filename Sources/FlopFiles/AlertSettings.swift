import Foundation

/// Alerts of `flopwatch serve`, from the `alerts:` section of `$FLOPWATCH_HOME/config.yaml` (or
/// `serve --config FILE`): where to send them and when.
public struct AlertSettings: Sendable, Equatable {
  /// What an alert is about.
  public enum Kind: String, Sendable, CaseIterable, Codable {
    /// A run is first known to meet, or maybe meet, a rule.
    case ruleMet = "rule-met"
    /// A running job's forecast crossing date moved earlier.
    case forecastEarlier = "forecast-earlier"
    /// An obligation is due within one of `dueDays`.
    case obligationDue = "obligation-due"
    case obligationOverdue = "obligation-overdue"
    /// `verify` found the audit chain or stored figures tampered with.
    case tamper
    /// The installed threshold set is near expiry, or a newer one was refused.
    case thresholds
  }

  /// A webhook: generic JSON, or Slack-compatible (`{"text": …}`), signed with HMAC-SHA256.
  public struct Webhook: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable { case json, slack }
    public var name: String
    public var url: String
    public var format: Format
    /// The HMAC key; the configuration may name an environment variable that holds it instead.
    public var secret: String
    public var events: Set<Kind>

    public init(name: String, url: String, format: Format, secret: String, events: Set<Kind> = Set(Kind.allCases)) {
      self.name = name
      self.url = url
      self.format = format
      self.secret = secret
      self.events = events
    }
  }

  public var webhooks: [Webhook] = []
  /// Days before a due date to alert, e.g. [7, 2]; each window fires once per obligation.
  public var dueDays: [Int] = [7, 2]
  /// Days before the installed threshold set expires to alert.
  public var expiryDays: Int = 14
  /// Seconds between the scheduler's scans.
  public var scanSeconds: Double = 60
  /// Hours between scheduled `verify` runs (0: only when asked through the API).
  public var verifyHours: Double = 24
  /// Attempts per delivery before giving up, and the backoff: first wait, doubled each time, capped.
  public var attempts: Int = 8
  public var firstRetrySeconds: Double = 30
  public var maxRetrySeconds: Double = 3600
  /// Seconds one delivery may take (connect and answer), so a slow receiver holds nothing up.
  public var timeoutSeconds: Int = 10

  public init() {}

  /// The wait after `failures` failed attempts (1, 2, …): exponential, capped.
  public func backoff(afterFailures failures: Int) -> Double {
    min(maxRetrySeconds, firstRetrySeconds * pow(2, Double(max(0, failures - 1))))
  }
}
