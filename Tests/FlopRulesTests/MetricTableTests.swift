import Testing

@testable import FlopRules

@Suite struct MetricTableTests {
  @Test func ordinalsArePositionsInAllCases() {
    for (index, metric) in Metric.allCases.enumerated() { #expect(metric.ordinal == index) }
  }

  @Test func storesEachMetricSeparately() {
    var table = MetricTable<String>()
    #expect(table.isEmpty)
    for metric in Metric.allCases { table[metric] = metric.rawValue }
    for metric in Metric.allCases { #expect(table[metric] == metric.rawValue) }
    table[.domain] = nil
    #expect(table[.domain] == nil && table[.markets] == "markets" && !table.isEmpty)
  }
}
