import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// `registry export --format dump` and `registry import` of it move a registry losslessly (issue 13).
@Suite struct DumpRestoreTests {
  /// A registry with lineage, a new version, progress, an obligation done and a status change.
  func source(_ dir: TempDirectory) throws -> String {
    let db = dir.path("a.sqlite")
    let runs = Paths.fixture("runs")
    for arguments in [
      ["registry", "add", runs + "/atlas-2.yaml"], ["registry", "add", runs + "/finetune-downstream.yaml"],
      ["registry", "progress", "atlas-2", "--tokens", "1T", "--at", "2026-01-10"],
      ["registry", "obligations", "done", "atlas-2", "art52-notification", "--evidence", "AI Office receipt 7"],
      ["registry", "status", "heron-ft", "running"],
    ] {
      let result = CLI.run(arguments + ["--registry", db])
      #expect(result.code == 0, "\(arguments): \(result.error ?? "")")
    }
    let text = try String(contentsOfFile: runs + "/atlas-2.yaml", encoding: .utf8).replacingOccurrences(of: "Atlas 2", with: "Atlas 2 (v2)")
    try text.write(toFile: dir.path("atlas-2-v2.yaml"), atomically: true, encoding: .utf8)
    let update = CLI.run(["registry", "update", "atlas-2", dir.path("atlas-2-v2.yaml"), "--registry", db])
    #expect(update.code == 0, "\(update.error ?? "")")
    return db
  }

  func dump(_ db: String, to file: String) throws -> [String] {
    let result = CLI.run(["registry", "export", "--format", "dump", "-o", file, "--registry", db])
    #expect(result.code == 0, "\(result.error ?? "")")
    return try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  @Test func aDumpRestoresEveryRowAndKeepsTheChain() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let a = try source(dir)
    let lines = try dump(a, to: dir.path("a.dump"))
    let b = dir.path("b.sqlite")
    let restored = CLI.run(["registry", "import", dir.path("a.dump"), "--registry", b])
    #expect(restored.code == 0 && restored.output.contains("restored 2 run(s)"), "\(restored.output)\(restored.error ?? "")")
    let verify = CLI.run(["registry", "verify", "--registry", b])
    #expect(verify.code == 0, "\(verify.output)")
    // The same rows, value for value, and the source's head is still in the chain.
    let again = try dump(b, to: dir.path("b.dump"))
    let withoutHeader = { (all: [String]) in all.dropFirst().filter { !$0.contains(#""action":"migrate""#) } }
    #expect(withoutHeader(again) == withoutHeader(lines))
    #expect(lines.contains { $0.contains("AI Office receipt 7") } && lines.contains { $0.contains(#""table":"progress""#) })
    #expect(lines.filter { $0.contains(#""table":"run_versions""#) }.count == 3)
    let head = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])["head"] as? String
    #expect(CLI.run(["registry", "verify", "--expect-head", head ?? "", "--registry", b]).code == 0)
    let audit = CLI.run(["registry", "audit", "--registry", b, "--format", "json"]).output
    #expect(audit.contains("\"migrate\""))
    // A second restore into the same registry is refused.
    #expect(CLI.run(["registry", "import", dir.path("a.dump"), "--registry", b]).error?.contains("empty registry only") == true)
  }

  @Test(arguments: [
    ("edit", "does not verify"),
    ("truncate", "nothing was written"),
    ("column", "has no column"),
    ("table", "expected {\"table\""),
  ])
  func aDamagedDumpChangesNothing(damage: String, fragment: String) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    var lines = try dump(try source(dir), to: dir.path("a.dump"))
    switch damage {
    case "edit":
      let index = try #require(lines.firstIndex { $0.contains(#""table":"runs""#) })
      lines[index] = lines[index].replacingOccurrences(of: #""status":"planned""#, with: #""status":"cancelled""#)
    case "truncate": lines.removeLast(2)
    case "column": lines.insert(#"{"row":{"id":"x","evil":1},"table":"runs"}"#, at: 1)
    default: lines.insert(#"{"row":{"name":"x"},"table":"sqlite_master"}"#, at: 1)
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path("bad.dump"), atomically: true, encoding: .utf8)
    let b = dir.path("b.sqlite")
    let result = CLI.run(["registry", "import", dir.path("bad.dump"), "--registry", b])
    #expect(result.code == 2 && result.error?.contains(fragment) == true, "\(result.error ?? "")")
    #expect(CLI.run(["registry", "list", "--registry", b, "--format", "json"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" ||
      !CLI.run(["registry", "list", "--registry", b]).output.contains("atlas-2"))
  }

  @Test func aTamperedRegistryIsNotDumped() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let a = try source(dir)
    _ = try ExternalTool.run("sqlite3", [a, "UPDATE runs SET cumulative_central = 1 WHERE id = 'atlas-2'"])
    let result = CLI.run(["registry", "export", "--format", "dump", "-o", dir.path("a.dump"), "--registry", a])
    #expect(result.code == 2 && result.error?.contains("not dumping") == true)
    #expect(!FileManager.default.fileExists(atPath: dir.path("a.dump")))
  }
}
