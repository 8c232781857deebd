import FlopCore
import Foundation

extension CalendarDate {
  /// The UTC day of `now`: the day rules are checked as of when none is given, and the day a
  /// token's expiry and an obligation's overdue state are judged by.
  public static func today(now: Date = Date()) -> CalendarDate {
    CalendarDate(dayNumber: Int((now.timeIntervalSince1970 / 86400).rounded(.down)))
  }
}
