import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// The inventory is a bounded summary; the full tables are CSV and JSON Lines beside it (issue 12).
@Suite struct InventoryTablesTests {
  func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    try ExternalTool.run("python3", ["-c", script] + arguments)
  }

  @Test func theSummaryIsBoundedAndTheTablesComplete() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    let runs = try dir.runs("runs.jsonl", prefix: "run", count: 60)
    #expect(CLI.run(["registry", "import", runs, "--registry", db]).code == 0)
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    let out = dir.path("inventory.json")
    let result = CLI.run(["report", "--kind", "inventory", "--format", "json", "--registry", db, "-o", out])
    #expect(result.code == 0, "\(result.error ?? "")")
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
    let largest = try #require(summary["largest_runs"] as? [[String: Any]])
    #expect(largest.count == 25)
    #expect(largest.first?["id"] as? String == "atlas-2")
    let tables = try #require(summary["tables"] as? [String: String])
    #expect(tables["runs_csv"] == "inventory.runs.csv")

    // The CSV has every run; its 25 largest by compute (worked out here, from the table) are the summary's, in order.
    let check = try python("""
      import csv, json, sys
      rows = list(csv.DictReader(open(sys.argv[1], newline='')))
      lines = [json.loads(l) for l in open(sys.argv[2])]
      assert len(rows) == 61 and len(lines) == 61, (len(rows), len(lines))
      assert [r['id'] for r in rows] == [l['id'] for l in lines]
      top = sorted(rows, key=lambda r: -float(r['flop_central']))[:25]
      obligations = [json.loads(l) for l in open(sys.argv[3])]
      print(json.dumps({'top': [r['id'] for r in top], 'obligations': len(obligations), 'csv_obligations': len(list(csv.DictReader(open(sys.argv[4], newline=''))))}))
      """, [dir.path("inventory.runs.csv"), dir.path("inventory.runs.jsonl"), dir.path("inventory.obligations.jsonl"), dir.path("inventory.obligations.csv")])
    #expect(check.status == 0, "\(check.output)")
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
    #expect(parsed["top"] as? [String] == largest.compactMap { $0["id"] as? String })
    let counts = try #require(summary["summary"] as? [String: Any])
    let total = (counts["open_obligations"] as? Int ?? -1) + (counts["done_obligations"] as? Int ?? -1)
    #expect(parsed["obligations"] as? Int == total && parsed["csv_obligations"] as? Int == total)
  }

  @Test func htmlLinksTheTablesAndACellCannotBeAFormula() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    let file = dir.path("evil.yaml")
    try """
      flopwatch: 1
      id: evil
      name: "=HYPERLINK(\\"http://x\\",\\"y\\")"
      model: {parameters: 7e9}
      stages: [{kind: pre-training, tokens: 2e12}]
      """.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(CLI.run(["registry", "add", file, "--registry", db]).code == 0)
    let out = dir.path("inv.html")
    #expect(CLI.run(["report", "--kind", "inventory", "--format", "html", "--registry", db, "-o", out]).code == 0)
    let html = try String(contentsOfFile: out, encoding: .utf8)
    for name in ["inv.runs.csv", "inv.runs.jsonl", "inv.obligations.csv", "inv.obligations.jsonl"] {
      #expect(html.contains("<a href=\"\(name)\">"))
      #expect(FileManager.default.fileExists(atPath: dir.path(name)))
    }
    let csv = try String(contentsOfFile: dir.path("inv.runs.csv"), encoding: .utf8)
    #expect(csv.contains(#"evil,"'=HYPERLINK(""http://x"",""y"")""#), "\(csv)")
  }

  @Test func aFailedWriteLeavesNothingBehind() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    // The report itself cannot be written (its name is a directory): no table appears either.
    try FileManager.default.createDirectory(atPath: dir.path("inv.md"), withIntermediateDirectories: true)
    let result = CLI.run(["report", "--kind", "inventory", "--registry", db, "-o", dir.path("inv.md")])
    #expect(result.code != 0)
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix("inv.") && $0 != "inv.md" }
    #expect(left.isEmpty, "\(left)")
  }
}
