import FlopCore
import Testing

@Suite struct QuantityTests {
  @Test(arguments: [
    ("405e9", 405e9), ("4.05e11", 4.05e11), ("405B", 405e9), ("15.6T", 15.6e12), ("3.8e25", 3.8e25),
    ("1.2M", 1.2e6), ("2K", 2e3), ("7G", 7e9), ("1P", 1e15), (" 12 ", 12), ("1E+3", 1e3),
    ("\t405B\n", 405e9), ("\u{3000}7k\u{3000}", 7e3), ("1000000000.0", 1e9), ("2.6e10", 2.6e10), ("-0.5e-3P", nil),
  ] as [(String, Double?)])
  func acceptsContractNotation(text: String, expected: Double?) throws {
    guard let expected else {
      #expect(throws: FlopCoreError.self) { try Quantity.parsePositive(text, field: "--params") }
      return
    }
    let value = try Quantity.parsePositive(text, field: "--params")
    #expect(abs(value / expected - 1) < 1e-12)
  }

  @Test(arguments: ["-1", "0", "NaN", "nan", "inf", "Infinity", "abc", "", "1e", "0x10", "1.2.3", "12BB", "B", "1_000", "--5", "1e999",
    "5\u{600}B", "1\u{301}", "4B\u{301}", "1e+", "+", ".", "1..2", "1e5e5", "1-5", "١٢"])
  func rejectsInvalid(text: String) {
    #expect(throws: FlopCoreError.self) { try Quantity.parsePositive(text, field: "--tokens") }
  }

  @Test func errorNamesFieldAndValue() {
    do {
      _ = try Quantity.parsePositive("abc", field: "--tokens")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("--tokens"))
      #expect(error.description.contains("'abc'"))
    }
  }

  @Test(arguments: [("0.4", 0.4), ("40%", 0.4), ("1", 1.0)])
  func fractions(text: String, expected: Double) throws {
    #expect(abs(try Quantity.parseFraction(text, field: "u") - expected) < 1e-12)
  }

  @Test(arguments: ["0", "1.5", "-0.2", "150%", "x"])
  func badFractions(text: String) {
    #expect(throws: FlopCoreError.self) { try Quantity.parseFraction(text, field: "--utilization") }
  }

  @Test(arguments: [(3.79e25, "3.8e25"), (1e25, "1.0e25"), (3.14e23, "3.1e23"), (9.96e22, "1.0e23"), (2.5e-3, "2.5e-3")])
  func twoSignificantFigures(value: Double, expected: String) {
    #expect(formatFLOP(value) == expected)
  }

  @Test(arguments: [(4.04, "4"), (520.0, "520"), (0.77, "0.77"), (21_000.0, "21000"), (3.1e7, "3.1e7")])
  func compactFormatting(value: Double, expected: String) {
    #expect(formatCompact(value) == expected)
  }
}

@Suite struct FormatNumberTests {
  @Test(arguments: [(0.4, "0.4"), (989.4, "989"), (12.35, "12.4"), (0.001234, "0.00123"), (42.0, "42"), (99999.0, "99999"), (123456.7, "1.23e5"), (0.15, "0.15")])
  func threeSignificantFigures(value: Double, expected: String) {
    #expect(formatNumber(value) == expected)
  }
}
