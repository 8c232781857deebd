import FlopCore
import FlopEngine
import FlopFiles
import FlopTestSupport
import Foundation
import Testing

/// The Epoch CSV reader and mapping under seeded mutation of the fixture: each mutant is read or
/// refused with a message, and every document it maps to parses and estimates to finite figures
/// or is refused, without a crash.
@Suite struct EpochFuzzTests {
  @Test func mutatedEpochFilesAreReadOrRefused() throws {
    let seed = try String(contentsOfFile: Paths.fixture("datasets/epoch-models.csv"), encoding: .utf8)
    let catalogue = try InputLocator().loadCatalogue().catalogue
    let estimator = Estimator(catalogue: catalogue)
    var random = SplitMix64(state: 0xE90C_0001)
    var executions = 0, refusedFiles = 0, rows = 0, refusedRows = 0, estimated = 0
    for _ in 0..<300 {
      executions += 1
      let text = FuzzMutator.mutate(seed, &random)
      let csv: EpochCSV
      do { csv = try EpochCSV.parse(text, file: "fuzz.csv") } catch {
        #expect(!error.message.isEmpty)
        refusedFiles += 1
        continue
      }
      let outcome = EpochMapping(catalogue: catalogue).map(csv)
      refusedRows += outcome.rejected.count
      for item in outcome.mapped {
        rows += 1
        guard let document = try? RunFileParser.parseLine(item.document.canonical, file: "fuzz"),
          let estimate = try? estimator.estimate(document.run)
        else { continue }
        estimated += 1
        #expect(estimate.flop.central.isFinite && estimate.flop.high.isFinite, "\(item.document.canonical.prefix(200))")
      }
    }
    print("fuzz Epoch CSV: \(executions) files, \(refusedFiles) refused whole, \(rows) rows mapped (\(estimated) estimated), \(refusedRows) rows refused, 0 crashes")
    #expect(rows > 0 && refusedRows > 0)
  }
}
