import FlopCommands
import FlopFiles
import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Hummingbird
import Testing

/// What the API answers: the command line's JSON, its messages for bad input with the right
/// status, limits, and writes audited under the token's name.
@Suite struct APITests {
  @Test(arguments: StorageBackend.available) func answersAreTheCommandLinesJSON(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend)
    let submitter = try #require(fixture.tokens[.submitter])
    let created = try await fixture.withClient { client in
      try await client.send(.post, "/api/v1/runs", token: submitter, body: ServerFixture.run(id: "clock"))
    }
    #expect(created.status == 201, "\(created.text)")
    let progress = try await fixture.withClient { client in
      try await client.send(.post, "/api/v1/runs/clock/progress", token: submitter, body: #"{"tokens": "3T", "at": "2026-11-10"}"#)
    }
    #expect(progress.status == 200, "\(progress.text)")
    for (uri, arguments) in [
      ("/api/v1/runs/clock", ["registry", "show", "clock"]),
      ("/api/v1/runs?min_flop=1e24&sort=flop&desc=true", ["registry", "list", "--min-flop", "1e24", "--sort", "flop", "--desc"]),
      ("/api/v1/runs/clock/lineage", ["registry", "lineage", "clock"]),
      ("/api/v1/obligations", ["registry", "obligations"]),
    ] {
      let answer = try await fixture.withClient { client in try await client.send(.get, uri, token: fixture.tokens[.viewer]) }
      let local = FlopwatchCommand.run(arguments: arguments + ["--registry", fixture.location, "--format", "json"])
      #expect(local.error == nil)
      #expect(answer.status == 200)
      #expect(answer.text == local.result.output, "\(uri) differs from \(arguments.joined(separator: " "))")
    }
    // The progress point is audited under the token's name, and the chain verifies.
    let entries = try fixture.registry().auditLog(runID: "clock")
    #expect(entries.map(\.actor) == ["submitter-holder", "submitter-holder"])
    #expect(entries.map(\.action) == ["add", "progress"])
  }

  @Test(arguments: StorageBackend.available) func estimateAndCheckUseTheRegistrysCalibrationAsTheCommandsDo(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend)
    #expect(FlopwatchCommand.run(arguments: ["registry", "import", Paths.fixture("calibration/history.jsonl"), "--registry", fixture.location]).error == nil)
    #expect(FlopwatchCommand.run(arguments: ["calibrate", "--tag", "cluster", "--registry", fixture.location]).error == nil)
    let run = try String(contentsOfFile: Paths.fixture("calibration/next-run.yaml"), encoding: .utf8)
    let answer = try await fixture.withClient { client in
      try await client.send(.post, "/api/v1/estimate", token: fixture.tokens[.viewer], body: run)
    }
    let local = FlopwatchCommand.run(arguments: ["estimate", Paths.fixture("calibration/next-run.yaml"), "--registry", fixture.location, "--format", "json"])
    #expect(answer.status == 200)
    #expect(answer.text == local.result.output)
    #expect(answer.text.contains("calibrated from 12 completed runs on H100-SXM bf16 cluster=east-1"))
    let check = try await fixture.withClient { client in
      try await client.send(.post, "/api/v1/check?as_of=2026-12-01", token: fixture.tokens[.viewer], body: run)
    }
    #expect(check.status == 200)
    #expect(check.text.contains("\"registry calibration\""), "\(check.text.prefix(600))")
  }

  @Test(arguments: StorageBackend.available) func badInputIsAnsweredWithTheFieldAndTheRightStatus(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend, maxBodyBytes: 4096)
    try fixture.add(ServerFixture.run(id: "clock"))
    let token = try #require(fixture.tokens[.admin])
    let cases: [(HTTPRequest.Method, String, String?, Int, String)] = [
      (.post, "/api/v1/runs", "id: [unclosed", 400, "request body"),
      (.post, "/api/v1/runs", ServerFixture.run(id: "neg", params: "-5B"), 422, "model.parameters"),
      (.post, "/api/v1/runs", ServerFixture.run(id: "clock"), 409, "already in the registry"),
      (.post, "/api/v1/runs", "", 400, "no body"),
      (.post, "/api/v1/runs", String(repeating: "# padding\n", count: 500) + ServerFixture.run(id: "big"), 413, ""),
      (.put, "/api/v1/runs/clock", ServerFixture.run(id: "other"), 422, "not 'clock'"),
      (.post, "/api/v1/runs/clock/progress", "{tokens: 1}", 400, "not valid JSON"),
      (.post, "/api/v1/runs/clock/progress", #"{"tokens": "lots"}"#, 422, "tokens"),
      (.post, "/api/v1/runs/clock/progress", #"{"token": 5}"#, 422, "unknown field 'token'"),
      (.post, "/api/v1/runs/clock/progress", #"{"tokens": 1e12, "at": "2030-01-01"}"#, 422, "in the future"),
      (.post, "/api/v1/runs/clock/progress", #"{"tokens": 1e12, "at": "2026-10-01"}"#, 422, "before the run's start"),
      (.post, "/api/v1/runs/nope/progress", #"{"tokens": 1e12}"#, 404, "'nope' is not in the registry"),
      (.post, "/api/v1/runs/clock/status", #"{"status": "paused"}"#, 422, "unknown value 'paused'"),
      (.get, "/api/v1/runs?status=paused", nil, 400, "status: unknown value"),
      (.get, "/api/v1/runs?min_flops=1e25", nil, 400, "unknown query parameter 'min_flops'"),
      (.get, "/api/v1/runs/nope", nil, 404, "not in the registry"),
      (.get, "/api/v1/nothing-here", nil, 404, "no route GET /api/v1/nothing-here"),
      (.post, "/api/v1/obligations/999999/done", #"{"evidence": "x"}"#, 404, "no obligation row 999999"),
      (.post, "/api/v1/check?regime=atlantis", ServerFixture.run(id: "x"), 400, "unknown regime 'atlantis'"),
      (.post, "/api/v1/tokens", #"{"name": "x", "role": "root"}"#, 400, "unknown role 'root'"),
    ]
    try await fixture.withClient { client in
      for (method, uri, body, status, phrase) in cases {
        let answer = try await client.send(method, uri, token: token, body: body)
        #expect(answer.status == status, "\(method) \(uri): \(answer.status) \(answer.text)")
        #expect(answer.json?["error"]?["status"]?.number == Double(status), "\(method) \(uri): not a JSON error: \(answer.text)")
        #expect(phrase.isEmpty || answer.message.contains(phrase), "\(method) \(uri): \(answer.message)")
      }
    }
    // Nothing was half-written: one run, only setup's entry and the tokens'.
    let registry = try fixture.registry()
    #expect(try registry.list(.init()).map(\.id) == ["clock"])
    #expect(try registry.auditLog(runID: "clock").count == 1)
    #expect(try registry.verify().ok)
  }

  /// Reads are cached by the audit head; a change by another process moves the head, so the
  /// next read sees it.
  @Test(arguments: StorageBackend.available) func aChangeMadeOutsideTheServerIsSeenAtOnce(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend)
    try fixture.add(ServerFixture.run(id: "clock"))
    let viewer = try #require(fixture.tokens[.viewer])
    try await fixture.withClient { client in
      for expected in ["running", "completed", "cancelled"] {
        if expected != "running" { try fixture.registry().setStatus("clock", .init(rawValue: expected)!, actor: "elsewhere") }
        for uri in ["/api/v1/runs/clock", "/api/v1/runs?status=\(expected)"] {
          let answer = try await client.send(.get, uri, token: viewer)
          #expect(answer.status == 200)
          #expect(answer.text.contains(#""status" : "\#(expected)""#), "\(uri): \(answer.text.prefix(300))")
        }
      }
    }
  }

  @Test func healthMetricsAndTheOpenAPIDocumentNeedNoToken() async throws {
    let fixture = try ServerFixture(backend: .sqlite)
    try fixture.add(ServerFixture.run(id: "clock"))
    try await fixture.withClient { client in
      #expect(try await client.send(.get, "/healthz", token: nil).status == 200)
      _ = try await client.send(.get, "/api/v1/runs/clock", token: fixture.tokens[.viewer])
      let metrics = try await client.send(.get, "/metrics", token: nil)
      #expect(metrics.status == 200)
      #expect(metrics.text.contains(#"flopwatch_runs{status="running"} 1"#), "\(metrics.text)")
      #expect(metrics.text.contains(#"flopwatch_http_requests_total{route="/api/v1/runs/{id}",method="GET",status="200"} 1"#))
      #expect(metrics.text.contains("flopwatch_obligations_open"))
      // The threshold files in use, and the home's channel state as `thresholds status` gives it.
      let thresholds = try await client.send(.get, "/api/v1/thresholds", token: fixture.tokens[.viewer])
      #expect(thresholds.status == 200)
      #expect(thresholds.json?["fingerprint"]?.string == fixture.assessor.thresholdsFingerprint)
      let status = CLI.run(["thresholds", "status", "--home", fixture.home, "--format", "json"])
      #expect(status.code == 0)
      #expect(thresholds.json?["channel"] == JSONValue.parse(status.output), "\(thresholds.text)")
      #expect(thresholds.json?["channel"]?["in_use"]?.string?.isEmpty == false)
      let document = try await client.send(.get, "/api/v1/openapi.json", token: nil)
      #expect(document.status == 200)
      #expect(document.json?["openapi"]?.string?.hasPrefix("3.1") == true)
    }
  }

  @Test func aRevokedTokenStopsWorking() async throws {
    let fixture = try ServerFixture(backend: .sqlite)
    let admin = try #require(fixture.tokens[.admin])
    try await fixture.withClient { client in
      let made = try await client.send(.post, "/api/v1/tokens", token: admin, body: #"{"name": "ci-bot", "role": "submitter", "expires": "2099-01-01"}"#)
      #expect(made.status == 201)
      let token = try #require(made.json?["token"]?.string)
      #expect(try await client.send(.get, "/api/v1/runs", token: token).status == 200)
      #expect(try await client.send(.delete, "/api/v1/tokens/ci-bot", token: admin).status == 200)
      // The authority caches a token for up to 2 s.
      try await Task.sleep(for: .milliseconds(2100))
      let after = try await client.send(.get, "/api/v1/runs", token: token)
      #expect(after.status == 401)
      #expect(after.message.contains("revoked"))
    }
    // Only the hash is stored.
    let stored = try fixture.registry().tokens(liveOnly: false)
    #expect(stored.contains { $0.name == "ci-bot" && $0.revokedAt != nil })
  }
}
