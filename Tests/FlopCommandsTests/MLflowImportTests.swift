import FlopCommands
import FlopEngine
import FlopFiles
import FlopRegistry
import FlopTestSupport
import Foundation
import Testing

/// `registry import --from mlflow` against a real MLflow tracking server the test starts.
@Suite(.serialized) struct MLflowImportTests {
  func server() throws -> MLflowServer? {
    guard let mlflow = MLflowServer.executable() else {
      if MLflowServer.required { Issue.record("FLOPWATCH_REQUIRE_MLFLOW=1 but no mlflow executable (run .ci/setup)") }
      return nil
    }
    return try MLflowServer(mlflow: mlflow)
  }

  func outcome(_ text: String) throws -> MLflowImport.Outcome {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(MLflowImport.Outcome.self, from: Data(text.utf8))
  }

  func runs(_ registry: String) throws -> [[String: Any]] {
    let list = CLI.run(["registry", "list", "--registry", registry, "--format", "json"])
    return try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
  }

  @Test func roundTripAddsThenUpdatesWithoutDuplicates() throws {
    guard let mlflow = try server() else { return }
    let ids = try mlflow.populate(phase: 1)
    let directory = try TempDirectory()
    defer { directory.remove() }
    let registry = directory.path("registry.sqlite")
    let mapping = Paths.fixture("mlflow/mapping.yaml")
    let command = ["registry", "import", "--from", "mlflow", "--tracking-uri", mlflow.uri, "--map", mapping, "--registry", registry]

    // First import: the two good runs of "pretraining" (the mapping's experiment), the broken one refused.
    let first = CLI.run(command + ["--format", "json"])
    #expect(first.code == 2, "a refused run makes the exit status 2: \(first.output) \(first.error ?? "")")
    let result = try outcome(first.output)
    #expect(result.runs == 3)
    #expect(Set(result.added) == ["mlflow-\(ids["small"]!)", "mlflow-\(ids["large"]!)"])
    #expect(result.rejected.map(\.mlflowRun) == [ids["broken"]!])
    #expect(result.rejected.first?.reason.contains("params.n_params = 'seven billion' → model.parameters") == true)
    #expect(result.progressRecorded == 2)
    #expect(result.notes.contains { $0.contains("hardware left out") }, "the running run has no gpu_hours yet")
    var listed = try runs(registry)
    #expect(listed.count == 2)
    let small = try #require(listed.first { ($0["id"] as? String) == "mlflow-\(ids["small"]!)" })
    #expect(small["status"] as? String == "completed")
    #expect(small["developer"] as? String == "Example Lab")
    let show = CLI.run(["registry", "show", "mlflow-\(ids["large"]!)", "--registry", registry, "--format", "json"])
    let large = try #require(try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
    #expect((large["summary"] as? [String: Any])?["status"] as? String == "running")
    #expect((large["progress"] as? [[String: Any]])?.count == 1)
    #expect((large["document"] as? String)?.contains(ids["large"]!) == true, "the MLflow run id is kept in the document's tags")

    // The same import again changes nothing and duplicates nothing.
    let again = try outcome(CLI.run(command + ["--format", "json"]).output)
    #expect(again.added.isEmpty && again.updated.isEmpty && again.unchanged == 2 && again.progressRecorded == 0)
    #expect(try runs(registry).count == 2)

    // MLflow moves on: more tokens and a finish for one run, a new tag on the other.
    _ = try mlflow.populate(phase: 2)
    let third = CLI.run(command)
    #expect(third.output.contains("added 0, updated 2, unchanged 0; progress recorded for 1 run(s)"), "\(third.output)")
    listed = try runs(registry)
    #expect(listed.count == 2)
    #expect(listed.allSatisfy { $0["status"] as? String == "completed" })
    let progressed = CLI.run(["registry", "show", "mlflow-\(ids["large"]!)", "--registry", registry, "--format", "json"])
    let updated = try #require(try JSONSerialization.jsonObject(with: Data(progressed.output.utf8)) as? [String: Any])
    #expect((updated["progress"] as? [[String: Any]])?.compactMap { $0["tokens"] as? Double } == [1e12, 4e12])
    #expect((updated["document"] as? String)?.contains("\"end\":\"2026-11-22\"") == true)

    // --experiment overrides the mapping's: the three runs of "other".
    let other = try outcome(CLI.run(command + ["--experiment", "other", "--format", "json"]).output)
    #expect(other.runs == 3 && other.added.count == 3)
  }

  @Test func pagesAreFollowedToTheEnd() throws {
    guard let mlflow = try server() else { return }
    _ = try mlflow.populate(phase: 1)
    let client = MLflowClient(trackingURI: mlflow.uri, version: "test")
    let experiments = try client.experimentIDs(pageSize: 1)
    #expect(experiments.count == 3, "Default, pretraining and other, one page each")
    let all = try client.searchRuns(experimentIDs: experiments, pageSize: 2)
    #expect(all.count == 6)
    #expect(Set(all.map(\.info.runID)).count == 6)
  }

  @Test func unreachableServerWritesNothing() throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let registry = directory.path("registry.sqlite")
    let result = CLI.run([
      "registry", "import", "--from", "mlflow", "--tracking-uri", "http://127.0.0.1:9", "--map", Paths.fixture("mlflow/mapping.yaml"),
      "--registry", registry,
    ])
    #expect(result.code == 2)
    #expect(result.error?.contains("MLflow at http://127.0.0.1:9 cannot be reached") == true, "\(result.error ?? "")")
    #expect(!FileManager.default.fileExists(atPath: registry), "no registry is created when nothing could be fetched")
  }

  @Test(arguments: [
    ("fields:\n  params.n_params: model.paramters\n", "line 3", "unknown run field 'model.paramters'"),
    ("fields:\n  parms.n_params: model.parameters\n", "line 3", "unknown MLflow source 'parms.n_params'"),
    ("defaults:\n  hardware.acelerator: H100\nfields:\n  params.a: name\n", "line 3", "unknown run field 'hardware.acelerator'"),
    ("fields: {}\n", "fields", "map at least one"),
  ])
  func mappingErrorsNameTheLine(body: String, location: String, message: String) throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let file = directory.path("map.yaml")
    try ("flopwatch-mlflow-map: 1\n" + body).write(toFile: file, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "import", "--from", "mlflow", "--tracking-uri", "http://127.0.0.1:9", "--map", file, "--registry", directory.path("r.sqlite")])
    #expect(result.code == 2)
    #expect(result.error?.contains(message) == true, "\(result.error ?? "")")
    #expect(result.error?.contains(location) == true || result.error?.contains(":3:") == true, "\(result.error ?? "")")
  }
}
