import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// Reports label what applies to the run, write figures for people and name the run file they came from.
@Suite struct ReportFixTests {
  static let run = """
    flopwatch: 1
    id: big-ca
    developer: {name: Lab, annual_revenue_usd: 2e9}
    model: {architecture: dense, parameters: 1T, modalities: [text]}
    stages:
      - {kind: pre-training, tokens: 20T, hardware: {accelerator: H100, count: 20000, days: 90}}
    schedule: {start: 2026-09-01, end: 2026-12-01, release: 2027-01-15, planned: 2026-08-15}
    markets: [EU, US-CA]

    """

  func report(_ kind: String, _ format: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("big-ca.yaml").path
    try Self.run.write(toFile: file, atomically: true, encoding: .utf8)
    let result = CLI.run(["report", file, "--kind", kind, "--format", format, "--as-of", "2026-11-26"])
    #expect(result.code == 0, "\(result.error ?? "")")
    return result.output
  }

  @Test func thresholdLinesNameTheRulesInScope() throws {
    let html = try report("transparency-report", "html")
    #expect(html.contains("us-ca-sb53/frontier-model, us-ca-sb53/large-frontier-developer: 1.0e26"))
    // The run is not placed in Korea: its rule labels no line (its file is still listed in the provenance).
    #expect(!html.contains("kr-ai-basic-act/high-performance-ai"))
  }

  @Test func energyIsWrittenOut() throws {
    let markdown = try report("eu-model-documentation", "md")
    #expect(!markdown.contains("e4 MWh") && !markdown.contains("| 2.4e4"))
    #expect(markdown.range(of: #"\d{1,3}(,\d{3})+"#, options: .regularExpression) != nil)
  }

  @Test func notificationNamesTheRunFileAndWhenItWasKnown() throws {
    let markdown = try report("eu-notification", "md")
    #expect(markdown.contains("Run file"))
    #expect(markdown.range(of: "sha256 [0-9a-f]{64}", options: .regularExpression) != nil)
    // schedule.planned dates the knowledge, not the day the report is made.
    #expect(markdown.contains("2026-08-15"))
    #expect(markdown.contains("2026-08-29"))
  }

  @Test func aOneStageRunDrawsNoStageBar() throws {
    let html = try report("eu-model-documentation", "html")
    #expect(!html.contains("Compute by stage and lineage</title>"))
  }

  @Test func timelineLabelsEveryDayAndGroupsTheSameDay() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-inv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let db = directory.appendingPathComponent("r.sqlite").path
    let file = directory.appendingPathComponent("big-ca.yaml").path
    try Self.run.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(CLI.run(["registry", "add", file, "--registry", db]).code == 0)
    let result = CLI.run(["report", "--kind", "inventory", "--format", "html", "--registry", db, "--as-of", "2026-11-26"])
    #expect(result.code == 0)
    // Several obligations fall due at release (2027-01-15): one dot with their count and one label.
    #expect(result.output.contains("2027-01-15 ×"))
    #expect(result.output.contains(">2026-08-29 big-ca: eu-ai-act/systemic-r"))
    #expect(result.output.contains("td class=\"date\""))
  }
}

/// Run names and other text from users never become live HTML or links in a Markdown report.
@Suite struct MarkdownEscapingTests {
  @Test(arguments: ["<script>alert(1)</script>", "[click](javascript:alert(1))", "x\" onload=\"alert(1)", "&lt;script&gt;"])
  func hostileNamesAreInert(name: String) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-md-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("run.yaml").path
    let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    try "flopwatch: 1\nname: \"\(quoted)\"\nmodel: {parameters: 70B, modalities: [text]}\nstages: [{kind: pre-training, tokens: 15T}]\nmarkets: [EU]\n"
      .write(toFile: file, atomically: true, encoding: .utf8)
    for kind in ["eu-notification", "eu-model-documentation", "transparency-report"] {
      let result = CLI.run(["report", file, "--kind", kind, "--format", "md"])
      #expect(result.code == 0, "\(result.error ?? "")")
      #expect(!result.output.contains("<script"), "\(kind)")
      // An unescaped `](` would make a link; the escaped `\](` is plain text.
      #expect(result.output.range(of: #"(?<!\\)\]\(javascript:"#, options: .regularExpression) == nil, "\(kind)")
      #expect(!result.output.contains("&lt;script&gt;") || result.output.contains("&amp;lt;script"), "\(kind)")
    }
  }
}
