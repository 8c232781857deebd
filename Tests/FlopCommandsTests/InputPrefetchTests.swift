@testable import FlopCommands
import Foundation
import Testing
import FlopTestSupport

@Suite struct InputPrefetchTests {
  @Test func checkAnswersTheSameWithPrefetchedInputs() throws {
    let arguments = ["check", Paths.fixture("runs/atlas-2.yaml"), "--as-of", "2026-11-26", "--format", "json"]
    let prefetch = try #require(InputPrefetch.start(for: arguments))
    let (set, catalogue) = try prefetch.wait()
    let prefetched = InputPrefetch.$current.withValue(prefetch) { FlopwatchCommand.run(arguments: arguments) }
    let direct = FlopwatchCommand.run(arguments: arguments)
    #expect(prefetched.result.exitCode == 0, "\(prefetched.error ?? "")")
    #expect(prefetched.result.output == direct.result.output)
    // The prefetch read the files the report names.
    for provenance in set.regimes.map(\.provenance) + [catalogue.provenance] {
      #expect(direct.result.output.contains(provenance.sha256), "\(provenance.file)")
    }
  }

  @Test func aCommandChoosingItsThresholdsIgnoresThePrefetch() throws {
    let prefetch = try #require(InputPrefetch.start(for: ["check", "run.yaml"]))
    let arguments = ["check", Paths.fixture("runs/atlas-2.yaml"), "--thresholds", Paths.fixture("thresholds"), "--format", "json"]
    let outcome = InputPrefetch.$current.withValue(prefetch) { FlopwatchCommand.run(arguments: arguments) }
    #expect(outcome.result.exitCode == 0, "\(outcome.error ?? "")")
    #expect(outcome.result.output.contains("internal-policy"))
  }

  @Test(arguments: [
    [], ["estimate", "run.yaml"], ["check", "run.yaml", "--thresholds", "dir"], ["check", "run.yaml", "--home=/tmp/x"],
    ["check", "run.yaml", "--catalogue", "c.yaml"],
  ])
  func noPrefetchWhenTheInputsDependOnTheArguments(arguments: [String]) {
    #expect(InputPrefetch.start(for: arguments) == nil)
  }

  @Test(arguments: [
    (["run.yaml"], "run.yaml"), (["--as-of", "2025-01-01", "run.yaml"], "run.yaml"), (["run.yaml", "--format", "json"], "run.yaml"),
    (["--as-of=2025-01-01", "run.yaml"], "run.yaml"), (["a.yaml", "b.yaml"], nil), (["-"], nil), (["--", "run.yaml"], nil), ([], nil),
  ] as [([String], String?)])
  func theRunFileIsFoundAmongOptions(arguments: [String], expected: String?) {
    #expect(InputPrefetch.positional(in: arguments[...]) == expected)
  }

  @Test func aDifferentRunFileIsReadDirectly() throws {
    let prefetch = try #require(InputPrefetch.start(for: ["check", Paths.fixture("runs/wren-1b.yaml")]))
    let arguments = ["check", Paths.fixture("runs/atlas-2.yaml"), "--as-of", "2026-11-26", "--format", "json"]
    let prefetched = InputPrefetch.$current.withValue(prefetch) { FlopwatchCommand.run(arguments: arguments) }
    #expect(prefetched.result.output == FlopwatchCommand.run(arguments: arguments).result.output)
    #expect(prefetched.result.output.contains("atlas-2"))
  }
}
