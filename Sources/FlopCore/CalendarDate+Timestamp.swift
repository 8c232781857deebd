extension CalendarDate {
  /// An ISO 8601 UTC timestamp (`2026-11-26T23:45:00Z`) for whole seconds since 1970.
  ///
  /// Plain arithmetic: Foundation's ISO 8601 formatter loads calendars and time zones, which
  /// costs more than the rest of a small command.
  public static func timestamp(unixSeconds: Int64) -> String {
    let days = Int(unixSeconds >= 0 ? unixSeconds / 86400 : (unixSeconds - 86399) / 86400)
    let seconds = Int(unixSeconds - Int64(days) * 86400)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(CalendarDate(dayNumber: days))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
  }
}
