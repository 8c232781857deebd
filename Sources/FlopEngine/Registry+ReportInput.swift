import FlopCore
import FlopFiles
import FlopRegistry
import FlopReports

extension Registry {
  /// What a disclosure report of a registered run is made from: its current document assessed
  /// as of the assessor's day, its lineage through the registry, and the document's provenance.
  public func reportInput(_ id: String, assessor: RunAssessor) throws -> RunReportInput {
    let stored = try show(id)
    let document = try RunFileParser.parse(stored.document, file: "registry:\(id)")
    let assessment = try assess(document, with: assessor)
    let lineage = try lineage(id)
    var steps: [LineageStep] = []
    if let external = lineage.root.externalBase {
      steps.append(LineageStep(name: external, ownFlop: lineage.root.externalBaseFlop, cumulativeFlop: lineage.root.externalBaseFlop))
    }
    steps += lineage.ancestors.map { LineageStep(name: $0.id, ownFlop: $0.ownFlop, cumulativeFlop: $0.cumulativeFlop) }
    steps.append(LineageStep(name: lineage.tree.id, ownFlop: lineage.tree.ownFlop, cumulativeFlop: lineage.tree.cumulativeFlop))
    return RunReportInput(
      run: assessment.run, estimate: assessment.estimate, results: assessment.results, lineage: steps,
      runFile: RunFileProvenance(path: "registry:\(id) version \(stored.summary.version)", sha256: assessment.sha256))
  }
}
