import FlopCore

/// What produced a report: FlopWatch version, the rule files, the as-of date and the method.
public struct ReportProvenance: Sendable, Codable {
  public var flopwatchVersion: String
  public var asOf: String
  public var thresholdSet: String
  public var thresholds: [Provenance]
  public var method: String
  /// Only when asked for (`--timestamp`): reports are otherwise deterministic, for diffs.
  public var generatedAt: String?
  /// The run document a per-run report was made from, with its SHA-256.
  public var runFile: RunFileProvenance?

  public init(
    flopwatchVersion: String, asOf: String, thresholdSet: String, thresholds: [Provenance], method: String, generatedAt: String? = nil,
    runFile: RunFileProvenance? = nil
  ) {
    self.runFile = runFile
    self.flopwatchVersion = flopwatchVersion
    self.asOf = asOf
    self.thresholdSet = thresholdSet
    self.thresholds = thresholds
    self.method = method
    self.generatedAt = generatedAt
  }

  /// The provenance section every report ends with.
  var section: ReportDocument.Section {
    var fields = [
      ReportDocument.Field("FlopWatch", flopwatchVersion),
      ReportDocument.Field("As of", asOf),
      ReportDocument.Field("Method", method),
      ReportDocument.Field("Threshold set", thresholdSet),
    ]
    if let runFile { fields.append(.init("Run file", runFile.path, note: "sha256 \(runFile.sha256)")) }
    if let generatedAt { fields.append(.init("Generated", generatedAt)) }
    return ReportDocument.Section(
      title: "Provenance", fields: fields,
      tables: [.init(header: ["file", "id", "version", "sha256"], rows: thresholds.map { [$0.file, $0.id, $0.version, $0.sha256] })])
  }
}
