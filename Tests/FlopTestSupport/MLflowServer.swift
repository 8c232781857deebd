import Foundation

/// A real MLflow tracking server (PyPI's mlflow==2.22.0, SQLite backend, loopback port) started for
/// a test and stopped with its worker when released, even after a failed expectation.
public final class MLflowServer: @unchecked Sendable {
  let directory: TempDirectory
  let process = Process()
  public let port: Int
  let python: String

  /// The `mlflow` executable: $FLOPWATCH_MLFLOW, else the venv `.ci/setup` makes, else PATH.
  public static func executable() -> String? {
    let environment = ProcessInfo.processInfo.environment
    var candidates = [Paths.root.appendingPathComponent("Benchmarks/.venv-mlflow/bin/mlflow").path]
    if let named = environment["FLOPWATCH_MLFLOW"] { candidates.insert(named, at: 0) }
    for directory in (environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(directory)/mlflow") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Whether a missing MLflow fails the run (CI) instead of skipping the test.
  public static var required: Bool { ProcessInfo.processInfo.environment["FLOPWATCH_REQUIRE_MLFLOW"] == "1" }

  public init(mlflow: String) throws {
    directory = try TempDirectory()
    // The venv's python has the mlflow client library beside the executable.
    let sibling = URL(fileURLWithPath: mlflow).deletingLastPathComponent().appendingPathComponent("python").path
    python = FileManager.default.isExecutableFile(atPath: sibling) ? sibling : "python3"
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Paths.root.appendingPathComponent("Tests/FlopTestSupport/mlflow/mlflow_server.py").path, mlflow, directory.url.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw ExternalTool.Failure(message: "the MLflow launcher printed no port: \(line)")
    }
    self.port = port
    // Database migrations run at first start: allow a minute.
    let deadline = Date().addingTimeInterval(90)
    while Date() < deadline {
      if let (status, _) = try? ExternalTool.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "\(uri)/health"]), status == 0,
        (try? ExternalTool.run("curl", ["-s", "\(uri)/health"]).output) == "OK"
      {
        return
      }
      Thread.sleep(forTimeInterval: 0.5)
    }
    let log = (try? String(contentsOfFile: directory.path("server.log"), encoding: .utf8)) ?? ""
    stop()
    throw ExternalTool.Failure(message: "MLflow did not answer /health within 90 s; its log ends: \(log.suffix(2000))")
  }

  public var uri: String { "http://127.0.0.1:\(port)" }

  /// Logs runs through MLflow's Python client (`mlflow/populate.py`, phase 1 or 2); returns their ids.
  public func populate(phase: Int) throws -> [String: String] {
    let out = directory.path("ids.json")
    let result = try ExternalTool.run(
      python, [Paths.root.appendingPathComponent("Tests/FlopTestSupport/mlflow/populate.py").path, uri, "\(phase)", out])
    guard result.status == 0 else { throw ExternalTool.Failure(message: "populate.py phase \(phase) failed: \(result.output.suffix(3000))") }
    let data = try Data(contentsOf: URL(fileURLWithPath: out))
    return try JSONDecoder().decode([String: String].self, from: data)
  }

  public func stop() {
    // The launcher made itself a process group leader: this stops gunicorn's master and worker.
    kill(-process.processIdentifier, SIGKILL)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  deinit {
    stop()
    directory.remove()
  }
}
