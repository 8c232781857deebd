import FlopRegistry
import Testing

/// Cumulative progress never goes down: a point below an earlier one or above a later one is
/// refused, naming the point it contradicts (the nearest in time).
@Suite struct MonotonicProgressTests {
  static let recorded = [
    ProgressPoint(at: "2026-11-04T00:00:00Z", tokens: 1e12, gpuHours: nil),
    ProgressPoint(at: "2026-11-10T00:00:00Z", tokens: 3e12, gpuHours: nil),
    ProgressPoint(at: "2026-11-20T00:00:00Z", tokens: 7e12, gpuHours: nil),
    ProgressPoint(at: "2026-11-24T00:00:00Z", tokens: nil, gpuHours: 500),
  ]

  @Test(arguments: [
    ("2026-11-12T00:00:00Z", 2e12, "is less than the 3.00e12 recorded at 2026-11-10T00:00:00Z"),
    ("2026-11-30T00:00:00Z", 6e12, "is less than the 7.00e12 recorded at 2026-11-20T00:00:00Z"),
    ("2026-11-01T00:00:00Z", 2e12, "is more than the 1.00e12 recorded later, at 2026-11-04T00:00:00Z"),
    ("2026-11-15T00:00:00Z", 8e12, "is more than the 7.00e12 recorded later, at 2026-11-20T00:00:00Z"),
    ("2026-11-15T00:00:00Z", 5e12, ""),
    ("2026-12-01T00:00:00Z", 9e12, ""),
  ])
  func aPointThatWouldMakeProgressGoDownIsRefused(at: String, tokens: Double, problem: String) {
    do {
      try Registry.checkMonotonic(Self.recorded, at: at, tokens: tokens, gpuHours: nil)
      #expect(problem.isEmpty, "accepted \(tokens) at \(at)")
    } catch {
      #expect(!problem.isEmpty && "\(error)".contains(problem), "\(error)")
    }
  }

  @Test func eachUnitIsCheckedOnItsOwn() throws {
    try Registry.checkMonotonic(Self.recorded, at: "2026-11-25T00:00:00Z", tokens: nil, gpuHours: 600)
    #expect(throws: RegistryError.self) { try Registry.checkMonotonic(Self.recorded, at: "2026-11-25T00:00:00Z", tokens: nil, gpuHours: 400) }
  }
}
