/// A report in both shapes: data for JSON, and a document for Markdown and HTML.
public struct BuiltReport: Sendable {
  public var kind: ReportKind
  public var json: any Encodable & Sendable
  public var document: ReportDocument

  public init(kind: ReportKind, json: any Encodable & Sendable, document: ReportDocument) {
    self.kind = kind
    self.json = json
    self.document = document
  }
}
