import FlopFiles
import FlopCore
import Foundation

extension Registry {
  /// Refuses a point that would make cumulative progress go down: fewer units than a point
  /// recorded earlier in time (the latest such), or more than one recorded later (the earliest
  /// such). `points` are the run's recorded points (any order); the check needs no query.
  public static func checkMonotonic(_ points: [ProgressPoint], at: String, tokens: Double?, gpuHours: Double?) throws {
    try checkMonotonic(points, at: at, value: tokens, flag: "--tokens") { $0.tokens }
    try checkMonotonic(points, at: at, value: gpuHours, flag: "--gpu-hours") { $0.gpuHours }
  }

  /// One unit's check, in one pass (a run reporting every minute has many points).
  private static func checkMonotonic(
    _ points: [ProgressPoint], at: String, value: Double?, flag: String, _ unit: (ProgressPoint) -> Double?
  ) throws {
    guard let value else { return }
    var before: (at: String, value: Double)?
    var after: (at: String, value: Double)?
    for point in points {
      guard let recorded = unit(point) else { continue }
      if point.at <= at {
        if recorded > value, before.map({ point.at > $0.at }) ?? true { before = (point.at, recorded) }
      } else if recorded < value, after.map({ point.at < $0.at }) ?? true {
        after = (point.at, recorded)
      }
    }
    if let before {
      throw RegistryError(
        "\(flag) \(formatScientific(value, significantFigures: 3)) at \(at) is less than the \(formatScientific(before.value, significantFigures: 3)) recorded at \(before.at); progress is cumulative (retract a wrong point with `registry progress RUN --retract AT`)")
    }
    if let after {
      throw RegistryError(
        "\(flag) \(formatScientific(value, significantFigures: 3)) at \(at) is more than the \(formatScientific(after.value, significantFigures: 3)) recorded later, at \(after.at); progress is cumulative")
    }
  }

  /// Removes a wrongly recorded progress point (audited); obligations whose clock has started keep it.
  public func retractProgress(_ id: String, at date: Date, actor: String, reason: String) throws {
    guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw RegistryError("--reason must say why the progress point is retracted")
    }
    let at = Self.timestamp(date)
    try store.write { db in
      guard try Self.exists(db, id) else { throw RegistryError.unknownRun(id) }
      guard let row = try db.one("SELECT id, tokens, gpu_hours FROM progress WHERE run_id = ? AND at = ?", id, at) else {
        let recorded: [String] = try db.all("SELECT at FROM progress WHERE run_id = ? ORDER BY at", id).map { $0["at"] }
        throw RegistryError("run '\(id)' has no progress point at \(at) (recorded: \(recorded.isEmpty ? "none" : recorded.joined(separator: ", ")))")
      }
      try db.execute("DELETE FROM progress WHERE id = ?", row["id"] as Int64)
      var change: [String: JSONValue] = ["at": .string(at), "reason": .string(reason)]
      if let tokens = row["tokens"] as Double? { change["tokens"] = .number(tokens) }
      if let gpuHours = row["gpu_hours"] as Double? { change["gpu_hours"] = .number(gpuHours) }
      try Self.appendAudit(db, at: Self.timestamp(Date()), actor: actor, action: "progress-retract", runID: id, change: .object(change))
    }
  }

  /// Days since 1970 of a stored timestamp or date.
  public static func day(of text: String) -> Double? {
    if let seconds = CalendarDate.unixSeconds(timestamp: text) { return Double(seconds) / 86400 }
    if let date = try? Date(text, strategy: .iso8601) { return date.timeIntervalSince1970 / 86400 }
    if let date = CalendarDate(text) { return Double(date.dayNumber) }
    return nil
  }

  /// Reads `--at`: an ISO 8601 time or a `YYYY-MM-DD` day (taken at 00:00 UTC).
  public static func parseTime(_ text: String) -> Date? {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    if let day = CalendarDate(text) { return Date(timeIntervalSince1970: Double(day.dayNumber) * 86400) }
    return nil
  }
}
