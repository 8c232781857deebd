import FlopCommands
import FlopEngine
import FlopRegistry
import Foundation
import Testing
import FlopTestSupport

/// A temporary directory for a registry, removed afterwards.
extension TempDirectory {
  /// Writes `count` small JSON Lines run documents with ids `prefix-N`.
  func runs(_ name: String, prefix: String, count: Int, from start: Int = 0) throws -> String {
    let lines = (start..<(start + count)).map { i in
      #"{"flopwatch":1,"id":"\#(prefix)-\#(i)","model":{"parameters":"\#(1 + i % 7)B","modalities":["text"]},"stages":[{"kind":"pre-training","tokens":"\#(10 + i % 90)B"}],"markets":["EU"],"status":"planned"}"#
    }
    let file = path(name)
    try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    return file
  }
}

/// The built `flopwatch` executable, for tests that need real separate processes.
enum Binary {
  static var path: String? {
    let candidate = Paths.root.appendingPathComponent(".build/debug/flopwatch").path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
  }

  /// Starts it; its standard error goes to the file `standardError` when given.
  static func start(_ arguments: [String], standardError: String? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(path, "build the executable first: swift build"))
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    if let standardError {
      _ = FileManager.default.createFile(atPath: standardError, contents: nil)
      process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardError))
    } else {
      process.standardError = FileHandle.nullDevice
    }
    try process.run()
    return process
  }
}

@Suite(.serialized) struct RegistryCommandTests {
  @Test func addShowListAndVerify() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db, "--actor", "alice"]).code == 0)
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/finetune-downstream.yaml"), "--registry", db]).code == 0)
    let again = CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db])
    #expect(again.code == 2)
    #expect(again.error?.contains("already in the registry") == true)
    let big = CLI.run(["registry", "list", "--registry", db, "--min-flop", "1e25", "--sort", "flop", "--desc"])
    #expect(big.output.contains("2 run(s)"))
    let runs = try JSONSerialization.jsonObject(with: Data(CLI.run(["registry", "list", "--registry", db, "--rule", "eu-ai-act/systemic-risk-presumption=met", "--format", "json"]).output.utf8)) as? [[String: Any]]
    #expect(runs?.map { $0["id"] as? String } == ["atlas-2"])
    let lineage = CLI.run(["registry", "lineage", "heron-ft", "--registry", db])
    #expect(lineage.output.contains("atlas-2") && lineage.output.contains("* heron-ft"))
    let show = CLI.run(["registry", "show", "atlas-2", "--registry", db])
    #expect(show.output.contains("by alice"))
    #expect(CLI.run(["registry", "obligations", "--overdue", "--registry", db, "--as-of", "2026-11-26"]).output.contains("art52-notification"))
    let done = CLI.run(["registry", "obligations", "done", "atlas-2", "art52-notification", "--evidence", "ticket 7", "--registry", db])
    #expect(done.code == 0, "\(done.error ?? "")")
    #expect(CLI.run(["registry", "verify", "--registry", db]).code == 0)
  }

  @Test func importReportsRejectedLinesAndImportsTheRest() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let file = dir.path("mixed.jsonl")
    try """
      {"flopwatch":1,"id":"ok-1","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}
      {"flopwatch":1,"id":"bad-number","model":{"parameters":"seven"},"stages":[{"kind":"pre-training","tokens":"1T"}]}
      not json at all

      {"flopwatch":1,"id":"ok-1","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}
      {"flopwatch":1,"id":"ok-2","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"2T"}]}
      {"flopwatch":1,"model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"2T"}]}
      """.write(toFile: file, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "import", file, "--registry", dir.path("r.sqlite"), "--batch-size", "2"])
    #expect(result.code == 2)
    #expect(result.output.contains("imported 2 run(s)"))
    #expect(result.output.contains("line 2: model.parameters"))
    #expect(result.output.contains("line 3: not valid JSON"))
    #expect(result.output.contains("line 5: run 'ok-1' is already in the registry"))
    #expect(result.output.contains("line 7: id"))
    #expect(CLI.run(["registry", "verify", "--registry", dir.path("r.sqlite")]).code == 0)
  }

  @Test func aLineThatIsNotUTF8IsRejectedAlone() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let file = dir.path("mixed.jsonl")
    var bytes = Array(#"{"flopwatch":1,"id":"ok-1","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#.utf8)
    bytes += [0x0A] + Array(#"{"flopwatch":1,"id":"bad","name":""#.utf8) + [0xFF, 0xFE] + Array(#"","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#.utf8)
    bytes += [0x0D, 0x0A, 0x20, 0x09, 0x0A] + Array(#"{"flopwatch":1,"id":"ok-2","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#.utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    let result = CLI.run(["registry", "import", file, "--registry", dir.path("r.sqlite")])
    #expect(result.code == 2)
    #expect(result.output.contains("imported 2 run(s)"), "\(result.output)")
    #expect(result.output.contains("line 2: not UTF-8 text"), "\(result.output)")
    #expect(!result.output.contains("line 3"))
  }

  /// A fine-tune of a registered run gets the registered run's compute, even when the file also
  /// repeats that run with other figures (the repeat is refused), in the same batch or a later one.
  @Test func fineTunesOfARegisteredRunUseTheRegisteredFigure() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    let first = dir.path("first.jsonl"), second = dir.path("second.jsonl")
    try #"{"flopwatch":1,"id":"base","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#
      .write(toFile: first, atomically: true, encoding: .utf8)
    #expect(CLI.run(["registry", "import", first, "--registry", db]).code == 0)
    let tune = { (id: String) in
      #"{"flopwatch":1,"id":"\#(id)","base_model":{"run":"base"},"model":{"parameters":"7B"},"stages":[{"kind":"fine-tuning","tokens":"1e9"}]}"#
    }
    try [
      #"{"flopwatch":1,"id":"base","model":{"parameters":"70B"},"stages":[{"kind":"pre-training","tokens":"9T"}]}"#,
      tune("same-batch"), #"{"flopwatch":1,"id":"filler","model":{"parameters":"1B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#,
      tune("later-batch"),
    ].joined(separator: "\n").write(toFile: second, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "import", second, "--registry", db, "--batch-size", "2"])
    #expect(result.code == 2)
    #expect(result.output.contains("line 1: run 'base' is already in the registry"), "\(result.output)")
    let list = try #require(try JSONSerialization.jsonObject(with: Data(CLI.run(["registry", "list", "--registry", db, "--format", "json"]).output.utf8)) as? [[String: Any]])
    let baseFLOP = Dictionary(uniqueKeysWithValues: list.compactMap { run in (run["id"] as? String).map { ($0, run["base_flop"] as? Double) } })
    #expect(baseFLOP["same-batch"] == 4.2e22)
    #expect(baseFLOP["later-batch"] == 4.2e22)
    #expect(CLI.run(["registry", "verify", "--registry", db]).code == 0)
  }

  /// JSON Lines are read in 4 MB blocks: line numbers, CRLF endings, blank lines and a last line
  /// without a newline must come out right across block boundaries.
  @Test func aLargeFileIsReadInBlocksWithItsLineNumbers() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let file = dir.path("large.jsonl")
    var lines: [String] = []
    for number in 1...12_000 {
      switch number {
      case 777, 9_001: lines.append("   ")
      case 11_111: lines.append(#"{"flopwatch":1,"id":"bad","model":{"parameters":"seven"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#)
      default:
        let padding = String(repeating: "x", count: 300)
        lines.append(#"{"flopwatch":1,"id":"r-\#(number)","name":"\#(padding)","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"1T"}]}"#)
      }
    }
    var text = lines.enumerated().map { $0.element + ($0.offset % 3 == 0 ? "\r\n" : "\n") }.joined()
    text.removeLast()  // the last line ends without a newline
    #expect(text.hasSuffix("}"))
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(text.utf8.count > 4 << 20)
    let result = CLI.run(["registry", "import", file, "--registry", dir.path("r.sqlite"), "--batch-size", "1000", "--format", "json"])
    #expect(result.code == 2)
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    #expect(summary["imported"] as? Int == 11_997)
    let rejected = try #require(summary["rejected"] as? [[String: Any]])
    #expect(rejected.count == 1 && rejected.first?["line"] as? Int == 11_111, "\(rejected)")
    let shown = CLI.run(["registry", "show", "r-12000", "--registry", dir.path("r.sqlite")])
    #expect(shown.code == 0 && shown.output.contains("r-12000"))
  }

  @Test func reimportingRefusesEveryRunAndChangesNothing() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let file = dir.path("runs.jsonl"), db = dir.path("r.sqlite")
    try (1...5).map { #"{"flopwatch":1,"id":"run-\#($0)","model":{"parameters":"7B"},"stages":[{"kind":"pre-training","tokens":"\#($0)T"}]}"# }
      .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    #expect(CLI.run(["registry", "import", file, "--registry", db, "--batch-size", "2"]).code == 0)
    let before = CLI.run(["registry", "export", "--format", "jsonl", "--registry", db]).output
    // The same ids with other figures: each insert fails on the primary key and writes nothing.
    try (1...5).map { #"{"flopwatch":1,"id":"run-\#($0)","model":{"parameters":"70B"},"stages":[{"kind":"pre-training","tokens":"9T"}]}"# }
      .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let again = CLI.run(["registry", "import", file, "--registry", db, "--batch-size", "2", "--format", "json"])
    #expect(again.code == 2)
    #expect(again.output.contains(#""imported" : 0"#) || again.output.contains(#""imported":0"#), "\(again.output)")
    for line in 1...5 { #expect(again.output.contains("run 'run-\(line)' is already in the registry")) }
    #expect(CLI.run(["registry", "export", "--format", "jsonl", "--registry", db]).output == before)
    #expect(CLI.run(["registry", "verify", "--registry", db]).code == 0)
  }

  @Test(arguments: ["jsonl", "csv"])
  func exportImportRoundTripIsLossless(format: String) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let first = dir.path("a.sqlite"), second = dir.path("b.sqlite")
    for run in ["atlas-2.yaml", "tern-moe.yaml", "finetune-downstream.yaml", "finch-synthetic.yaml"] {
      #expect(CLI.run(["registry", "add", Paths.fixture("runs/\(run)"), "--registry", first]).code == 0)
    }
    #expect(CLI.run(["registry", "status", "tern-moe", "completed", "--registry", first]).code == 0)
    let exported = dir.path("runs.\(format)")
    #expect(CLI.run(["registry", "export", "--format", format, "--registry", first, "-o", exported]).code == 0)
    let imported = CLI.run(["registry", "import", exported, "--registry", second])
    #expect(imported.code == 0, "\(imported.output)")
    let again = CLI.run(["registry", "export", "--format", format, "--registry", second])
    #expect(again.output == (try String(contentsOfFile: exported, encoding: .utf8)))
    let a = CLI.run(["registry", "list", "--registry", first, "--format", "json"]).output
    let b = CLI.run(["registry", "list", "--registry", second, "--format", "json"]).output
    func figures(_ text: String) throws -> String {
      var runs = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
      for index in runs.indices {
        runs[index]["created_at"] = nil
        runs[index]["updated_at"] = nil
      }
      return String(decoding: try JSONSerialization.data(withJSONObject: runs, options: [.sortedKeys]), as: UTF8.self)
    }
    #expect(try figures(a) == figures(b))
  }

  @Test(arguments: [["list"], ["show", "x"], ["verify"], ["export"], ["obligations"], ["lineage", "x"]])
  func readOnlyCommandsNeverCreateARegistry(_ command: [String]) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let mistyped = dir.path("typo/regsitry.sqlite")
    let result = CLI.run(["registry"] + command + ["--registry", mistyped])
    #expect(result.code == 2)
    #expect(result.error?.contains("no registry there") == true, "\(result.error ?? "")")
    #expect(!FileManager.default.fileExists(atPath: dir.path("typo")))
  }

  @Test(arguments: [
    ("postgres://user:s3cret@db.invalid/flop", "postgres://user@db.invalid:5432/flop: cannot connect"),
    ("postgresql://u:s3cret@h.invalid:5433/d", "postgres://u@h.invalid:5433/d: cannot connect"),
    ("mysql://u:s3cret@h/d", "scheme 'mysql'"),
  ])
  func aURLIsNeverTakenForAPath(_ location: String, message: String) throws {
    let scheme = String(location.prefix { $0 != ":" })
    let result = CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", location])
    #expect(result.code == 2)
    #expect(result.error?.contains(message) == true, "\(result.error ?? "")")
    #expect(result.error?.contains("s3cret") == false)
    // Taken as a path, the URL would have made a directory named after its scheme here.
    #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/" + scheme + ":"))
  }

  @Test func killedImportLeavesWholeBatchesOnly() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("killed.sqlite")
    let file = try dir.runs("big.jsonl", prefix: "k", count: 20_000)
    let process = try Binary.start(["registry", "import", file, "--registry", db, "--batch-size", "250"])
    // Kill it mid-import: wait until some batches have landed, then SIGKILL.
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, process.isRunning {
      if let size = try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int, size > 200_000 { break }
      usleep(20_000)
    }
    #expect(process.isRunning, "the import finished before it could be killed; raise the count")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let verify = CLI.run(["registry", "verify", "--registry", db])
    #expect(verify.code == 0, "\(verify.output)")
    #expect(verify.output.contains("integrity ok"))
    let list = try #require(try JSONSerialization.jsonObject(with: Data(CLI.run(["registry", "list", "--registry", db, "--format", "json"]).output.utf8)) as? [Any])
    #expect(list.count % 250 == 0)
    #expect(list.count < 20_000)
  }
}
