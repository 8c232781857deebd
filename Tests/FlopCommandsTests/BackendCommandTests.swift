import FlopCommands
import FlopRegistry
import Foundation
import Testing
import FlopTestSupport

/// Every `registry` command on both backends (issue 13): the same output and exit codes, real
/// processes writing at once, imports cut off mid-way, and the move between backends.
@Suite(.serialized) struct BackendCommandTests {
  /// The commands a lab runs over a registry's life, each with its output, error and exit code.
  static let script: [[String]] = {
    let runs = Paths.fixture("runs")
    return [
      ["registry", "add", runs + "/atlas-2.yaml", "--actor", "alice"],
      ["registry", "add", runs + "/finetune-downstream.yaml"],
      ["registry", "add", runs + "/atlas-2.yaml"],
      ["registry", "list", "--min-flop", "1e25", "--sort", "flop", "--desc"],
      ["registry", "list", "--rule", "eu-ai-act/systemic-risk-presumption=met", "--format", "json"],
      ["registry", "list", "--developer", "example labs", "--search", "atlas"],
      ["registry", "list", "--sort", "start"],
      ["registry", "list", "--sort", "name", "--desc"],
      ["registry", "show", "atlas-2"],
      ["registry", "show", "no-such-run"],
      ["registry", "lineage", "heron-ft"],
      ["registry", "status", "heron-ft", "running"],
      ["registry", "progress", "atlas-2", "--tokens", "1T", "--at", "2026-01-10"],
      ["registry", "progress", "atlas-2", "--tokens", "0.5T", "--at", "2026-01-12"],
      ["registry", "obligations", "--overdue", "--as-of", "2026-11-26"],
      ["registry", "obligations", "done", "atlas-2", "art52-notification", "--evidence", "AI Office receipt 7"],
      ["registry", "obligations", "--format", "json", "--as-of", "2026-11-26"],
      ["registry", "audit", "--run", "atlas-2"],
      ["registry", "verify"],
      ["registry", "verify", "--recompute"],
    ]
  }()

  @Test func everyCommandGivesTheSameOutputOnBothBackends() throws {
    guard StorageBackend.available.contains(.postgres) else { return }
    var transcripts: [StorageBackend: [String]] = [:]
    for backend in StorageBackend.allCases {
      let location = try backend.freshLocation()
      let shown = try RegistryLocation(location).displayName
      transcripts[backend] = Self.script.map { command in
        let result = CLI.run(command + ["--registry", location])
        return "$ \(command.dropFirst().joined(separator: " "))\nexit \(result.code)\n"
          + Transcript.normalized(result.output, location: shown) + Transcript.normalized(result.error ?? "", location: shown)
      }
    }
    let sqlite = try #require(transcripts[.sqlite]), postgres = try #require(transcripts[.postgres])
    #expect(sqlite.count == Self.script.count)
    for (a, b) in zip(sqlite, postgres) { #expect(a == b) }
    // The script did real work: a refused repeat, a due date, a verified chain.
    #expect(sqlite[2].contains("exit 2") && sqlite[2].contains("already in the registry"))
    #expect(sqlite[18].contains("exit 0") && sqlite[18].contains("chain"))
  }

  @Test(arguments: StorageBackend.available) func twoProcessesWritingAtOnceLoseNothing(backend: StorageBackend) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let location = try backend.freshLocation()
    _ = try Registry(location: try RegistryLocation(location), create: true)
    let a = try dir.runs("a.jsonl", prefix: "a", count: 400)
    let b = try dir.runs("b.jsonl", prefix: "b", count: 400)
    let first = try Binary.start(["registry", "import", a, "--registry", location, "--batch-size", "5"])
    let second = try Binary.start(["registry", "import", b, "--registry", location, "--batch-size", "5"])
    // A third writer adds runs one by one at the same time.
    for i in 0..<20 {
      let one = try dir.runs("c\(i).jsonl", prefix: "c\(i)", count: 1)
      #expect(CLI.run(["registry", "import", one, "--registry", location]).code == 0)
    }
    first.waitUntilExit()
    second.waitUntilExit()
    #expect(first.terminationStatus == 0)
    #expect(second.terminationStatus == 0)
    let list = try #require(try JSONSerialization.jsonObject(with: Data(CLI.run(["registry", "list", "--registry", location, "--format", "json"]).output.utf8)) as? [Any])
    #expect(list.count == 820)
    // One linear chain: every write's entry follows the one before (verify walks it).
    let verify = CLI.run(["registry", "verify", "--registry", location])
    #expect(verify.code == 0, "\(verify.output)")
    let entries = try backend.tamper(location, "SELECT count(*) FROM audit").trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(Int(entries.split(separator: "\n").last ?? "") == 80 + 80 + 20)
  }

  @Test(arguments: [
    ("down", "cannot connect to the PostgreSQL server"),
    ("password", "refused the login"),
    ("database", "does not exist"),
  ])
  func aServerThatCannotBeReachedIsOneClearLine(_ fault: String, message: String) throws {
    guard StorageBackend.available.contains(.postgres) else { return }
    let cluster = try PostgresCluster.shared.get()
    let good = try StorageBackend.postgres.freshLocation()
    let database = String(good.split(separator: "/").last ?? "")
    let location: String
    switch fault {
    case "down": location = "postgres://flopwatch:\(cluster.password)@127.0.0.1:\(try Self.closedPort())/\(database)"
    case "password": location = "postgres://flopwatch:wrong-s3cret@127.0.0.1:\(cluster.port)/\(database)"
    default: location = "postgres://flopwatch:\(cluster.password)@127.0.0.1:\(cluster.port)/no_such_db"
    }
    for command in [["registry", "add", Paths.fixture("runs/atlas-2.yaml")], ["registry", "list"], ["registry", "verify"]] {
      let result = CLI.run(command + ["--registry", location])
      #expect(result.code == 2)
      let error = try #require(result.error)
      #expect(error.contains(message), "\(error)")
      #expect(error.contains("postgres://flopwatch@127.0.0.1:"), "\(error)")
      #expect(!error.contains(cluster.password) && !error.contains("wrong-s3cret"))
      #expect(error.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(error)")
    }
  }

  /// A loopback port nothing listens on.
  static func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
      try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else { throw ExternalTool.Failure(message: "bind failed") }
      }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  @Test func anImportCutOffByTheServerLeavesWholeBatchesAndCanBeRunAgain() throws {
    guard StorageBackend.available.contains(.postgres) else { return }
    let cluster = try PostgresCluster.shared.get()
    let dir = try TempDirectory()
    defer { dir.remove() }
    let location = try StorageBackend.postgres.freshLocation()
    let database = String(location.split(separator: "/").last ?? "")
    let file = try dir.runs("big.jsonl", prefix: "k", count: 20_000)
    let errors = dir.path("stderr.txt")
    let process = try Binary.start(["registry", "import", file, "--registry", location, "--batch-size", "250"], standardError: errors)
    // Wait until some batches have landed, then end the import's connection from the server.
    let deadline = Date().addingTimeInterval(120)
    var landed = 0
    while Date() < deadline, process.isRunning, landed < 1000 {
      landed = Int((try? cluster.psql(database: database, "SELECT count(*) FROM runs").output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "") ?? 0
      usleep(20_000)
    }
    #expect(process.isRunning, "the import finished before it could be cut off; raise the count")
    let killed = try cluster.psql(
      database: "postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()")
    #expect(killed.status == 0, "\(killed.output)")
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    let message = try String(contentsOfFile: errors, encoding: .utf8)
    #expect(message.contains("postgres://flopwatch@127.0.0.1:\(cluster.port)/\(database)"), "\(message)")
    #expect(message.contains("nothing of the unfinished command was committed"), "\(message)")
    #expect(!message.contains(cluster.password))
    let verify = CLI.run(["registry", "verify", "--registry", location])
    #expect(verify.code == 0, "\(verify.output)")
    let count = try #require(Int(try cluster.psql(database: database, "SELECT count(*) FROM runs").output.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(count % 250 == 0 && count < 20_000 && count >= 1000)
    // Run again: what landed is recognised as unchanged, the rest is imported.
    let again = CLI.run(["registry", "import", file, "--registry", location, "--batch-size", "2000"])
    #expect(again.code == 0, "\(again.output)\(again.error ?? "")")
    #expect(again.output.contains("imported \(20_000 - count) run(s)"), "\(again.output)")
    #expect(again.output.contains("\(count) already registered unchanged"), "\(again.output)")
    #expect(CLI.run(["registry", "verify", "--registry", location]).code == 0)
  }

  @Test(arguments: [(StorageBackend.sqlite, StorageBackend.postgres), (.postgres, .sqlite)])
  func aRegistryMovesBetweenBackendsLosslessly(from: StorageBackend, to: StorageBackend) throws {
    guard StorageBackend.available.contains(.postgres) else { return }
    let dir = try TempDirectory()
    defer { dir.remove() }
    let source = try from.freshLocation()
    for command in Self.script where !command.contains("show") || command.contains("atlas-2") {
      _ = CLI.run(command + ["--registry", source])
    }
    let dump = dir.path("source.dump")
    #expect(CLI.run(["registry", "export", "--format", "dump", "-o", dump, "--registry", source]).code == 0)
    let target = try to.freshLocation()
    let restored = CLI.run(["registry", "import", dump, "--registry", target])
    #expect(restored.code == 0, "\(restored.output)\(restored.error ?? "")")
    #expect(CLI.run(["registry", "verify", "--registry", target]).code == 0)
    let back = dir.path("target.dump")
    #expect(CLI.run(["registry", "export", "--format", "dump", "-o", back, "--registry", target]).code == 0)
    let rows = { (file: String) throws -> [String] in
      try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init).filter { !$0.contains(#""action":"migrate""#) }
    }
    let before = try rows(dump), after = try rows(back)
    #expect(before == after)
    for table in ["runs", "run_versions", "progress", "obligations", "audit"] {
      #expect(before.contains { $0.contains(#""table":"\#(table)""#) }, "no \(table) rows moved")
    }
    // The same answers from the new home.
    for command in [["registry", "lineage", "heron-ft"], ["registry", "obligations", "--as-of", "2026-11-26"], ["registry", "show", "atlas-2"]] {
      let a = CLI.run(command + ["--registry", source]), b = CLI.run(command + ["--registry", target])
      #expect(a.output == b.output)
    }
  }
}
