import FlopCommands
import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Testing

/// `--server`: every `registry` subcommand through the real server gives what it gives on a local
/// registry (issue 14, item 5), output and exit code, on both backends.
@Suite(.serialized) struct ClientModeTests {
  static func script(_ directory: String) -> [[String]] {
    let runs = Paths.fixture("runs")
    return [
      ["registry", "add", runs + "/atlas-2.yaml"],
      ["registry", "add", runs + "/finetune-downstream.yaml", "--format", "json"],
      ["registry", "add", runs + "/atlas-2.yaml"],
      ["registry", "add", Paths.fixture("runs/invalid/negative.yaml")],
      ["registry", "list", "--min-flop", "1e25", "--sort", "flop", "--desc"],
      ["registry", "list", "--rule", "eu-ai-act/systemic-risk-presumption=met", "--format", "json"],
      ["registry", "list", "--status", "paused"],
      ["registry", "show", "atlas-2"],
      ["registry", "show", "no-such-run"],
      ["registry", "lineage", "heron-ft"],
      ["registry", "update", "atlas-2", runs + "/atlas-2.yaml"],
      ["registry", "update", "atlas-2", directory + "/atlas-2-v2.yaml"],
      ["registry", "status", "heron-ft", "running"],
      ["registry", "status", "heron-ft", "paused"],
      ["registry", "progress", "atlas-2", "--tokens", "1T", "--at", "2026-01-10"],
      ["registry", "progress", "atlas-2", "--tokens", "1T", "--at", "2026-01-10", "--format", "json"],
      ["registry", "progress", "atlas-2", "--tokens", "0.5T", "--at", "2026-01-12"],
      ["registry", "progress", "atlas-2", "--tokens", "2T", "--at", "2026-01-14"],
      ["registry", "progress", "atlas-2", "--retract", "2026-01-14", "--reason", "counted twice"],
      ["registry", "add", directory + "/tuned.yaml"],
      ["registry", "progress", "tuned-7b", "--from-trainer-state", directory + "/trainer_state.json"],
      ["registry", "obligations"],
      ["registry", "obligations", "--overdue", "--as-of", "2026-11-26", "--format", "json"],
      ["registry", "obligations", "done", "atlas-2", "art52-notification", "--evidence", "AI Office receipt 7"],
      ["registry", "obligations", "done", "atlas-2", "no-such-obligation", "--evidence", "x"],
      ["registry", "obligations", "--all"],
      ["registry", "import", directory + "/more.jsonl"],
      ["registry", "import", directory + "/more.jsonl", "--format", "json"],
      ["registry", "import", "--from", "epoch", Paths.fixture("datasets/epoch-models.csv")],
      ["registry", "import", "--from", "epoch", Paths.fixture("datasets/epoch-models.csv"), "--format", "json"],
      ["calibrate", "--dry-run"],
      ["calibrate", "--dry-run", "--accelerator", "A100", "--format", "json"],
      ["calibrate", "--dry-run", "--accelerator", "no-such-chip"],
      ["calibrate", "--dry-run", "--tag", "cluster="],
      ["registry", "export", "--format", "jsonl"],
      ["registry", "audit", "--run", "atlas-2"],
      ["registry", "audit", "--by", "tester", "--since", "2026-01-01", "--format", "json"],
      ["registry", "verify"],
      ["registry", "verify", "--recompute", "--format", "json"],
    ]
  }

  static func prepare(_ directory: TempDirectory) throws {
    let atlas = try String(contentsOfFile: Paths.fixture("runs/atlas-2.yaml"), encoding: .utf8)
    try atlas.replacingOccurrences(of: "tokens: 15.6T", with: "tokens: 16T").write(toFile: directory.path("atlas-2-v2.yaml"), atomically: true, encoding: .utf8)
    _ = try TrainerFixture.write(into: directory)
    try """
      {"flopwatch": 1, "id": "more-1", "model": {"parameters": 1e9}, "stages": [{"kind": "pre-training", "tokens": 2e10}]}
      {"flopwatch": 1, "id": "more-2", "model": {"parameters": -1}, "stages": [{"kind": "pre-training", "tokens": 2e10}]}

      """.write(toFile: directory.path("more.jsonl"), atomically: true, encoding: .utf8)
  }

  /// A live server over the registry at `location`, and a 0600 file holding an admin token named "tester".
  static func serve(_ location: String, in directory: TempDirectory) throws -> (Registry, LiveServer, String) {
    let registry = try Registry(location: try RegistryLocation(location), create: true)
    let token = try registry.issueToken(name: "tester", role: .admin, expires: nil, actor: "setup").0.text
    let tokenFile = directory.path("token")
    try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
    return (registry, try LiveServer(location: location, environment: ["FLOPWATCH_HOME": directory.path("home")]), tokenFile)
  }

  @Test(arguments: StorageBackend.available) func everyRegistrySubcommandGivesTheLocalOutput(backend: StorageBackend) throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    try Self.prepare(directory)
    let local = try backend.freshLocation()
    let served = try backend.freshLocation()
    let (registry, server, tokenFile) = try Self.serve(served, in: directory)
    defer { server.stop() }
    // The same set-up on both: the token's creation is an audit entry of each.
    _ = try Registry(location: try RegistryLocation(local), create: true).issueToken(name: "tester", role: .admin, expires: nil, actor: "setup")
    let localName = try RegistryLocation(local).displayName
    var remote: [String] = []
    for command in Self.script(directory.url.path) {
      let mine = CLI.run(command + ["--registry", local] + (command[1] == "export" ? [] : ["--actor", "tester"]))
      let theirs = CLI.run(command + ["--server", server.base, "--token-file", tokenFile])
      func shown(_ result: (output: String, error: String?, code: Int32), _ location: String) -> String {
        "exit \(result.code)\n" + Transcript.normalized(result.output + (result.error ?? ""), location: location)
      }
      #expect(shown(mine, localName) == shown(theirs, server.base), "\(command.dropFirst().joined(separator: " "))")
      remote.append(shown(theirs, server.base))
    }
    // The script did real work through the server: adds, refusals, a forecast, a Trainer check,
    // an import with a rejected line, a verified chain.
    let seen = remote.joined(separator: "\n")
    for phrase in [
      "atlas-2: added", "already in the registry", "model.parameters", "updated to version 2", "status: unknown value 'paused'",
      "less than the", "Trainer state: 2.00e11 tokens seen at step 2000", "done by tester", "rejected 1 line(s)", "ok: ", "mapped 46 row(s); imported 46 run(s)", "row 49: column 'Training compute (FLOP)'",
    ] {
      #expect(seen.contains(phrase), "\(phrase)")
    }
    // A calibration stored through the server is the server registry's, made under the token's name.
    let calibrated = CLI.run(["calibrate", "--server", server.base, "--token-file", tokenFile])
    #expect(calibrated.output.contains("Stored as calibration v1"), "\(calibrated.output) \(calibrated.error ?? "")")
    #expect(try registry.latestCalibration()?.actor == "tester")
    #expect(seen.contains("A100 bf16      15"), "the Epoch runs' A100 history was fitted through the server")
    // The server's writes are audited under the token's name, and both registries verify.
    #expect(try registry.auditLog(runID: "atlas-2").allSatisfy { $0.actor == "tester" })
    #expect(try registry.verify().ok)
  }

  /// `registry import --from mlflow` through the server gives what it gives locally, from the same
  /// real MLflow server, on the first import, a repeat and after MLflow moved on.
  @Test func mlflowImportThroughTheServerGivesTheLocalOutput() throws {
    guard let executable = MLflowServer.executable() else {
      if MLflowServer.required { Issue.record("FLOPWATCH_REQUIRE_MLFLOW=1 but no mlflow executable (run .ci/setup)") }
      return
    }
    let mlflow = try MLflowServer(mlflow: executable)
    _ = try mlflow.populate(phase: 1)
    let directory = try TempDirectory()
    defer { directory.remove() }
    let local = directory.path("local.sqlite")
    let served = directory.path("served.sqlite")
    let (registry, server, tokenFile) = try Self.serve(served, in: directory)
    defer { server.stop() }
    let command = ["registry", "import", "--from", "mlflow", "--tracking-uri", mlflow.uri, "--map", Paths.fixture("mlflow/mapping.yaml")]
    var outputs: [String] = []
    for phase in [1, 1, 2] {
      if phase == 2 { _ = try mlflow.populate(phase: 2) }
      let mine = CLI.run(command + ["--registry", local, "--actor", "tester"])
      let theirs = CLI.run(command + ["--server", server.base, "--token-file", tokenFile])
      #expect(mine.code == theirs.code)
      let normalizedMine = Transcript.normalized(mine.output + (mine.error ?? ""), location: local)
      let normalizedTheirs = Transcript.normalized(theirs.output + (theirs.error ?? ""), location: server.base)
      #expect(normalizedMine == normalizedTheirs)
      outputs.append(normalizedTheirs)
    }
    #expect(outputs[0].contains("added 2, updated 0, unchanged 0; progress recorded for 2 run(s)"), "\(outputs[0])")
    #expect(outputs[1].contains("added 0, updated 0, unchanged 2; progress recorded for 0 run(s)"), "\(outputs[1])")
    #expect(outputs[2].contains("added 0, updated 2, unchanged 0; progress recorded for 1 run(s)"), "\(outputs[2])")
    // The server stored them under the token's name, with MLflow's status and both progress points.
    let runs = try registry.list(RunFilter())
    #expect(runs.count == 2 && runs.allSatisfy { $0.status == "completed" })
    #expect(try registry.verify().ok)
  }

  @Test func whatOnlyTheDatabaseCanDoIsRefusedWithTheReason() throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let tokenFile = directory.path("token")
    try "fw_000000000000_" .appending(String(repeating: "0", count: 64)).write(toFile: tokenFile, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
    let open = CLI.run(["registry", "list", "--server", "http://127.0.0.1:9", "--token-file", tokenFile])
    #expect(open.code == 2 && open.error?.contains("readable by others") == true, "\(open.error ?? "")")
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
    for (command, phrase) in [
      (["registry", "checkpoint", "--key", "k"], "signs the audit chain itself"),
      (["registry", "export", "--format", "dump"], "a server exports JSON Lines"),
      (["registry", "list", "--registry", "x.sqlite"], "not both"),
      (["registry", "list", "--actor", "me"], "under the token's name"),
    ] {
      let result = CLI.run(command + ["--server", "http://127.0.0.1:9", "--token-file", tokenFile])
      #expect(result.code == 2 && result.error?.contains(phrase) == true, "\(command): \(result.error ?? "")")
    }
    let down = CLI.run(["registry", "list", "--server", "http://127.0.0.1:9", "--token-file", tokenFile])
    #expect(down.code == 2 && down.error?.contains("127.0.0.1:9") == true, "\(down.error ?? "")")
  }
}
