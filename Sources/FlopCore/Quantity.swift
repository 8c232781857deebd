/// Parsing of counts written as plain numbers, scientific notation or SI-style suffixes.
///
/// `405e9`, `4.05e11`, `405B`, `15.6T`, `3.8e25` and `1.2M` are all accepted
/// (K = 1e3, M = 1e6, B and G = 1e9, T = 1e12, P = 1e15), per the command-line contract §1.
public enum Quantity {
  /// The multiplier of each accepted suffix.
  public static let suffixes: [Character: Double] = [
    "K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15,
  ]

  /// Parses a strictly positive, finite count.
  ///
  /// - Parameters:
  ///   - text: the text as the user wrote it.
  ///   - field: the flag or field name, used in the error.
  /// - Throws: `FlopCoreError.invalidNumber` for garbage, NaN, infinity, negative or zero.
  public static func parsePositive(_ text: String, field: String) throws(FlopCoreError) -> Double {
    let value = try parse(text, field: field)
    guard value > 0 else {
      throw .invalidNumber(field: field, value: text, expected: "a number greater than zero")
    }
    return value
  }

  /// Parses a finite, non-negative count (zero allowed).
  public static func parse(_ text: String, field: String) throws(FlopCoreError) -> Double {
    let expected = "a positive number such as 405e9, 4.05e11, 405B or 15.6T"
    var body = Substring(text.trimmingSpaces())
    guard let last = body.utf8.last else { throw .invalidNumber(field: field, value: text, expected: expected) }
    var multiplier = 1.0
    // The suffixes are ASCII letters, so the last byte decides (a bulk import reads millions).
    if last >= UInt8(ascii: "A"), last < 0x80, let factor = suffixes[Character(Unicode.Scalar(last))] {
      multiplier = factor
      body = Substring(body.utf8.dropLast())
    }
    // Only digits, one dot and an exponent: Double(_:) alone would accept "nan", "inf" and hex.
    guard isPlainDecimal(body), let value = Double(body) else {
      throw .invalidNumber(field: field, value: text, expected: expected)
    }
    let result = value * multiplier
    guard result.isFinite, result >= 0 else {
      throw .invalidNumber(field: field, value: text, expected: expected)
    }
    return result
  }

  /// Parses a fraction in (0, 1], such as a utilization; accepts `0.4` or `40%`.
  public static func parseFraction(_ text: String, field: String) throws(FlopCoreError) -> Double {
    var body = text.trimmingSpaces()
    var scale = 1.0
    if body.hasSuffix("%") {
      body.removeLast()
      scale = 0.01
    }
    guard isPlainDecimal(Substring(body)), let value = Double(body) else {
      throw .invalidNumber(field: field, value: text, expected: "a fraction between 0 and 1, such as 0.4 or 40%")
    }
    let fraction = value * scale
    if scale == 1, value > 1, value <= 100 {
      throw .invalidNumber(field: field, value: text, expected: "a fraction at most 1; for a percentage write \(text)%")
    }
    guard fraction > 0, fraction <= 1 else {
      throw .invalidNumber(field: field, value: text, expected: "a fraction greater than 0 and at most 1")
    }
    return fraction
  }

  /// Whether `text` is digits with at most one dot and one exponent; signs only first or after
  /// the exponent marker. Read as bytes: every accepted character is ASCII.
  static func isPlainDecimal(_ text: Substring) -> Bool {
    var sawDigit = false
    var sawDot = false
    var sawExponent = false
    var previous: UInt8? = nil
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        sawDigit = true
      case UInt8(ascii: "."):
        if sawDot || sawExponent { return false }
        sawDot = true
      case UInt8(ascii: "e"), UInt8(ascii: "E"):
        if sawExponent || !sawDigit { return false }
        sawExponent = true
      case UInt8(ascii: "+"), UInt8(ascii: "-"):
        // A sign may lead the number or follow the exponent marker only.
        if !(previous == nil || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")) { return false }
      default:
        // Digit separators such as `_` are not accepted: they hide typos such as 4_05e9.
        return false
      }
      previous = byte
    }
    if let last = previous, last == UInt8(ascii: "e") || last == UInt8(ascii: "E") || last == UInt8(ascii: "+") || last == UInt8(ascii: "-") {
      return false
    }
    return sawDigit
  }
}

extension String {
  func trimmingSpaces() -> String {
    // Nothing to trim when both ends are ASCII and not white space (the usual case).
    if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
