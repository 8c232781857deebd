/// The reports FlopWatch writes.
public enum ReportKind: String, Sendable, CaseIterable, Codable {
  /// The EU AI Act Art. 52 notification pack.
  case euNotification = "eu-notification"
  /// The compute, time and energy parts of the Code of Practice's Model Documentation Form (Annex XI).
  case euModelDocumentation = "eu-model-documentation"
  /// The fields California SB 53 and New York's RAISE Act ask of every frontier developer.
  case transparencyReport = "transparency-report"
  /// Every registered run with compute, rules crossed and obligations.
  case inventory
}

/// Report output formats.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
  case md, html, json
}
