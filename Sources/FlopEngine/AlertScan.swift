import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

/// Finds the events alerts are sent for, from the registry's state and its audit log.
///
/// Runs changed since the last scan (the audit log after the scan's cursor) are checked for rules
/// newly met or maybe met and for forecast crossing dates that moved earlier; open obligations
/// for due-date windows and overdue ones; the threshold channel for expiry and refused updates.
/// Each event has a key, and the outbox keeps one event per key, so scanning again sends nothing
/// twice. The first scan of a registry starts the cursor at the log's head: what happened before
/// alerts were configured is not news (obligations due or overdue are, and are found anyway).
public struct AlertScan: Sendable {
  public var settings: AlertSettings
  public var assessor: RunAssessor
  /// Changes read per scan at most (the rest wait for the next one).
  public var batch = 5_000

  public init(settings: AlertSettings, assessor: RunAssessor) {
    self.settings = settings
    self.assessor = assessor
  }

  static let cursorKey = "audit_seq"

  /// The events as of `now`, and the scan state to keep (the cursor, forecast dates seen).
  public func events(in registry: Registry, channel: ChannelStatus?, now: Date) throws -> (events: [AlertEvent], state: [String: String]) {
    let stamp = Registry.timestamp(now)
    var events: [AlertEvent] = []
    var state: [String: String] = [:]
    let today = CalendarDate.today(now: now)

    if let cursorText = try registry.alertState(Self.cursorKey), let cursor = Int64(cursorText) {
      let entries = try registry.auditEntries(after: cursor, limit: batch)
      var touched: [String] = [], progressed = Set<String>()
      for entry in entries {
        var ids = entry.runID.map { [$0] } ?? []
        if entry.action == "import" { ids += entry.change["runs"]?.array?.compactMap { $0["id"]?.string } ?? [] }
        for id in ids where !touched.contains(id) { touched.append(id) }
        if entry.action == "progress", let id = entry.runID { progressed.insert(id) }
      }
      // The changed runs' statuses in one read (not each run's whole record: a running job's
      // points run to tens of thousands).
      let runs = try registry.summaries(ids: touched)
      for id in touched {
        guard let run = runs[id] else { continue }
        for (rule, status) in run.statuses.sorted(by: { $0.key < $1.key }) where status == "met" || status == "may-be-met" {
          events.append(AlertEvent(
            key: "rule:\(id):\(rule):\(status)", kind: .ruleMet, runID: id,
            title: "\(run.name ?? id) \(status == "met" ? "meets" : "may meet") \(rule) (compute \(formatFLOP(run.cumulativeFlop.central)) FLOP)",
            detail: ["rule": rule, "status": status, "flop": formatFLOP(run.cumulativeFlop.central)], detectedAt: stamp))
        }
      }
      var assessor = self.assessor
      assessor.asOf = today
      for id in touched where progressed.contains(id) {
        guard let view = try? registry.progressView(id, assessor: assessor) else { continue }
        for crossing in view.forecast.crossings where !crossing.crossed {
          guard let date = crossing.date else { continue }
          let key = "crossing:\(id):\(crossing.regime)/\(crossing.rule)"
          let previous = try registry.alertState(key)
          if let previous, date < previous {
            events.append(AlertEvent(
              key: "earlier:\(id):\(crossing.regime)/\(crossing.rule):\(date)", kind: .forecastEarlier, runID: id,
              title: "\(id) is now forecast to cross \(crossing.regime)/\(crossing.rule) on \(date), earlier than \(previous)"
                + (crossing.notificationDue.map { "; notification due \($0)" } ?? ""),
              detail: ["rule": "\(crossing.regime)/\(crossing.rule)", "date": date, "previous": previous, "notification_due": crossing.notificationDue ?? ""],
              detectedAt: stamp))
          }
          if previous != date { state[key] = date }
        }
      }
      if let last = entries.last { state[Self.cursorKey] = String(last.seq) }
    } else {
      state[Self.cursorKey] = String(try registry.headSeq())
    }

    // Due and overdue obligations: each window once per obligation, the tightest that holds.
    let windows = settings.dueDays.sorted()
    let horizon = today.adding(days: (windows.last ?? 0) + 1).description
    for obligation in try registry.obligations(dueBefore: horizon) {
      guard let dueText = obligation.due, let due = CalendarDate(dueText) else { continue }
      let days = due.dayNumber - today.dayNumber
      let detail = ["obligation": obligation.path, "due": dueText, "title": obligation.title, "row": String(obligation.row)]
      if days < 0 {
        events.append(AlertEvent(
          key: "overdue:\(obligation.runID):\(obligation.path)", kind: .obligationOverdue, runID: obligation.runID,
          title: "OVERDUE since \(dueText): \(obligation.title) (\(obligation.runID), \(obligation.path))", detail: detail, detectedAt: stamp))
      } else if let window = windows.first(where: { days <= $0 }) {
        events.append(AlertEvent(
          key: "due:\(obligation.runID):\(obligation.path):\(window)d", kind: .obligationDue, runID: obligation.runID,
          title: "Due \(days == 0 ? "today" : "in \(days) day(s)") (\(dueText)): \(obligation.title) (\(obligation.runID), \(obligation.path))",
          detail: detail.merging(["window_days": String(window)]) { $1 }, detectedAt: stamp))
      }
    }

    if let channel {
      if let expires = channel.expires, let version = channel.installedVersion,
        let expiry = try? Date(expires, strategy: .iso8601), expiry.timeIntervalSince(now) <= Double(settings.expiryDays) * 86_400
      {
        events.append(AlertEvent(
          key: "expiry:\(version):\(expires)", kind: .thresholds, runID: nil,
          title: channel.expired ? "The installed threshold set (version \(version)) expired at \(expires): fetch a newer one"
            : "The installed threshold set (version \(version)) expires at \(expires): fetch a newer one",
          detail: ["version": String(version), "expires": expires], detectedAt: stamp))
      }
      if let result = channel.lastResult, result.hasPrefix("failed"), let checked = channel.lastCheck {
        events.append(AlertEvent(
          key: "refused:\(checked)", kind: .thresholds, runID: nil,
          title: "A threshold update was refused at \(checked): \(result)", detail: ["result": result, "checked": checked], detectedAt: stamp))
      }
    }
    return (events, state)
  }
}
