import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// Inputs that used to crash, hang or silently mislead (issue 12); each case failed before its fix.
@Suite struct HostileInputTests {
  func file(_ name: String, _ text: String) throws -> (path: String, directory: URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, directory)
  }

  @Test(arguments: [
    ("model: {parameters: 7B}\nstages: [{kind: pre-training, tokens: 1T, hardware: {accelerator: H100, count: 1e308, days: 3}}]", "hardware estimate overflows"),
    ("model: {parameters: 7B, layers: 1e300, d_model: 4096, context_length: 4096, vocab_size: 32000}\nstages: [{kind: pre-training, tokens: 1T}]", "architecture estimate overflows"),
    ("model: {parameters: 1e308}\nstages: [{kind: pre-training, tokens: 1e308}]", "parameters estimate overflows"),
    ("model: {parameters: 7B}\nstages: [{kind: pre-training, flop: 1e308}, {kind: fine-tuning, flop: 1e308}]", "total compute overflows"),
  ])
  func overflowIsAnInputErrorNotNaN(body: String, fragment: String) throws {
    let (path, directory) = try file("run.yaml", "flopwatch: 1\n" + body + "\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    for command in [["check", path, "--fail-on", "met"], ["estimate", path], ["report", path, "--kind", "eu-notification"]] {
      let result = CLI.run(command)
      #expect(result.code == 2, "\(command[0])")
      #expect(result.error?.contains(fragment) == true, "\(command[0]): \(result.error ?? "")")
      #expect(!result.output.contains("nan") && !result.output.contains("inf FLOP"))
    }
  }

  @Test func importRejectsAnOverflowingLineAndKeepsTheRest() throws {
    let lines = [
      #"{"flopwatch":1,"id":"ok","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#,
      #"{"flopwatch":1,"id":"huge","model":{"parameters":"1e308"},"stages":[{"kind":"pre-training","tokens":"1e308"}]}"#,
    ]
    let (path, directory) = try file("runs.jsonl", lines.joined(separator: "\n") + "\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let db = directory.appendingPathComponent("r.sqlite").path
    let result = CLI.run(["registry", "import", path, "--registry", db])
    #expect(result.code == 2)
    #expect(result.output.contains("line 2") || (result.error ?? "").contains("line 2"), "\(result.output) \(result.error ?? "")")
    let listed = try CLI.jsonArray(["registry", "list", "--registry", db])
    #expect(listed.map { $0["id"] as? String } == ["ok"])
    #expect(CLI.run(["registry", "verify", "--registry", db]).code == 0)
  }
}

/// Small inputs that used to hang: a FIFO named like a run file, and a line with many keys.
@Suite struct HangingInputTests {
  @Test(arguments: [["check"], ["estimate"], ["registry", "import"]])
  func aFIFOIsRefusedWithoutBlocking(command: [String]) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent(command.last == "import" ? "runs.jsonl" : "run.yaml").path
    #expect(mkfifo(path, 0o600) == 0)
    let result = CLI.run(command + [path] + (command.last == "import" ? ["--registry", directory.appendingPathComponent("r.sqlite").path] : []))
    #expect(result.code == 2)
    #expect(result.error?.contains("not a regular file") == true, "\(result.error ?? "")")
  }

  @Test func aLineWithManyKeysIsRejectedInLinearTime() throws {
    // 100,000 distinct keys: the pairwise duplicate scan took minutes; a set takes a moment.
    let keys = (0..<100_000).map { "\"k\($0)\":1" }.joined(separator: ",")
    let line = #"{"flopwatch":1,"id":"wide","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}],"extra":{"# + keys + "}}"
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-wide-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("runs.jsonl").path
    try (line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "import", path, "--registry", directory.appendingPathComponent("r.sqlite").path])
    #expect(result.code == 2)
    #expect((result.output + (result.error ?? "")).contains("extra"), "\(result.output) \(result.error ?? "")")
  }
}

/// Errors from libraries read as sentences, without "(see --help)" (issue 12, smaller).
@Suite struct LibraryErrorMessageTests {
  /// A NUL in a text field (YAML `"\0"`, JSON `\u0000`) would be cut off by SQLite, so the stored
  /// name differed from its document and `verify` reported tampering: it is refused where it is read.
  @Test(arguments: [
    "flopwatch: 1\nid: nul\nname: \"a\\0b\"\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, tokens: 1T}]\n",
    #"{"flopwatch":1,"id":"nul","developer":{"name":"x\u0000y"},"model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#,
  ])
  func aNULInATextFieldIsRefused(document: String) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-nul-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent(document.hasPrefix("{") ? "run.json" : "run.yaml").path
    try document.write(toFile: file, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "add", file, "--registry", directory.appendingPathComponent("r.sqlite").path])
    #expect(result.code == 2)
    #expect(result.error?.contains("contains a NUL character") == true, "\(result.error ?? "")")
  }

  /// A mistyped import file is an error before anything is created: no empty registry appears.
  @Test func aMissingImportFileCreatesNoRegistry() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-missing-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let db = directory.appendingPathComponent("r.sqlite").path
    let result = CLI.run(["registry", "import", directory.appendingPathComponent("nope.jsonl").path, "--registry", db])
    #expect(result.code == 2 && result.error?.contains("no such file") == true, "\(result.error ?? "")")
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test func anSQLiteFailureIsASentence() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-sql-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let db = directory.appendingPathComponent("r.sqlite").path
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/wren-1b.yaml"), "--registry", db]).code == 0)
    // A trigger someone added refuses every new run: SQLite's error reaches the command.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", db, "CREATE TRIGGER refuse BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'refused'); END;"]
    try process.run()
    process.waitUntilExit()
    let result = CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db])
    #expect(result.code == 2)
    #expect(result.error?.contains("the registry refused a change") == true, "\(result.error ?? "")")
    #expect(result.error?.contains("see --help") == false)
    #expect(try CLI.jsonArray(["registry", "list", "--registry", db]).count == 1)
  }
}

@Suite struct LongValueMessageTests {
  @Test(arguments: ["id", "model.architecture", "stages[0].tokens"])
  func aHugeFieldIsNotEchoedBackWhole(field: String) throws {
    let huge = String(repeating: "x", count: 1_000_000)
    var body = "flopwatch: 1\nid: ok\nmodel: {parameters: 7B, architecture: dense}\nstages: [{kind: pre-training, tokens: 1T}]\n"
    switch field {
    case "id": body = body.replacingOccurrences(of: "id: ok", with: "id: \(huge)")
    case "model.architecture": body = body.replacingOccurrences(of: "architecture: dense", with: "architecture: \(huge)")
    default: body = body.replacingOccurrences(of: "tokens: 1T", with: "tokens: \(huge)")
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-long-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("run.yaml").path
    try body.write(toFile: path, atomically: true, encoding: .utf8)
    let result = CLI.run(["check", path])
    #expect(result.code == 2)
    let error = result.error ?? ""
    #expect(error.count < 1_000, "\(error.prefix(200))")
    #expect(error.contains("1000000 characters"), "\(error.prefix(300))")
  }
}
