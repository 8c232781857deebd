import Foundation

/// Renders a built report in a format.
public enum ReportRenderer {
  public static func render(_ report: BuiltReport, format: ReportFormat) throws -> String {
    switch format {
    case .md: return MarkdownRenderer.render(report.document)
    case .html: return HTMLRenderer.render(report.document)
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      return String(decoding: try encoder.encode(report.json), as: UTF8.self) + "\n"
    }
  }
}
