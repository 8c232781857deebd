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

extension CalendarDate {
  /// Seconds since 1970 of a timestamp exactly as `timestamp(unixSeconds:)` writes it
  /// (`YYYY-MM-DDTHH:MM:SSZ`); nil for any other text. The registry reads back every stored
  /// point on each progress report, so this is plain arithmetic too.
  public static func unixSeconds(timestamp text: String) -> Int64? {
    var text = text
    return text.withUTF8 { bytes -> Int64? in
      guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
        bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
      else { return nil }
      func number(_ from: Int, _ count: Int) -> Int? {
        var value = 0
        for index in from..<(from + count) {
          let digit = Int(bytes[index]) - 48
          guard (0...9).contains(digit) else { return nil }
          value = value * 10 + digit
        }
        return value
      }
      guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
        let minute = number(14, 2), let second = number(17, 2), hour < 24, minute < 60, second < 60,
        let date = CalendarDate(year: year, month: month, day: day)
      else { return nil }
      return Int64(date.dayNumber) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }
  }
}
