extension ReportKind {
  /// The report of one run of this kind; nil for the inventory, which covers a whole registry.
  /// `pue` is the data centre's power usage effectiveness, for the energy figures.
  public func build(_ input: RunReportInput, provenance: ReportProvenance, pue: Double) -> BuiltReport? {
    switch self {
    case .euNotification: return EUNotificationReport.build(input, provenance: provenance)
    case .euModelDocumentation: return ModelDocumentationReport.build(input, provenance: provenance, pue: pue)
    case .transparencyReport: return TransparencyReport.build(input, provenance: provenance)
    case .inventory: return nil
    }
  }
}
