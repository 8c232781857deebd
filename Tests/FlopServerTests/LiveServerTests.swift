import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Testing

/// The real server as a process on a loopback port, on SQLite and on a throwaway PostgreSQL.
@Suite(.serialized) struct LiveServerTests {
  static let points: [(String, Double)] = [
    ("2026-11-04", 1e12), ("2026-11-08", 2.4e12), ("2026-11-10", 3e12), ("2026-11-13", 4.2e12),
    ("2026-11-16", 5.5e12), ("2026-11-20", 7e12), ("2026-11-24", 9.4e12), ("2026-11-28", 12e12),
  ]

  static func body(_ index: Int) -> String { #"{"at": "\#(points[index].0)", "tokens": \#(points[index].1)}"# }

  /// A registry with the "clock" run and a submitter token; returns the location and the token.
  static func prepare(_ backend: StorageBackend) throws -> (location: String, token: String) {
    let fixture = try ServerFixture(backend: backend)
    try fixture.add(ServerFixture.run(id: "clock"))
    return (fixture.location, try #require(fixture.tokens[.submitter]))
  }

  static var home: String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-home-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  struct Outcome: Equatable {
    var forecast: String
    var obligations: [String]
    var progressPoints: Int
    var progressEntries: Int
  }

  static func outcome(_ location: String, forecast: String) throws -> Outcome {
    let registry = try Registry(location: try RegistryLocation(location), create: false)
    let stored = try registry.show("clock")
    #expect(try registry.verify().ok)
    return Outcome(
      forecast: forecast, obligations: stored.obligations.map { "\($0.path) \($0.due ?? "-") \($0.status)" },
      progressPoints: stored.progress.count, progressEntries: try registry.auditLog(runID: "clock").filter { $0.action == "progress" }.count)
  }

  @Test(arguments: StorageBackend.available) func eightConcurrentReportersGiveTheOrderedStreamsForecastAndDueDate(backend: StorageBackend) async throws {
    // One reporter, in order.
    let (orderedLocation, orderedToken) = try Self.prepare(backend)
    let ordered = try LiveServer(location: orderedLocation, environment: ["FLOPWATCH_HOME": Self.home])
    var last = ""
    for index in Self.points.indices {
      let answer = try await ordered.send("POST", "/api/v1/runs/clock/progress", token: orderedToken, body: Self.body(index))
      #expect(answer.status == 200, "\(answer.text)")
      last = answer.text
    }
    ordered.stop()
    let expected = try Self.outcome(orderedLocation, forecast: last)
    #expect(expected.progressPoints == 8 && expected.progressEntries == 8)
    #expect(expected.obligations.contains { $0.hasPrefix("eu-ai-act/systemic-risk-presumption/art52-notification 2026-") }, "\(expected.obligations)")

    // Eight workers at once, each sending the first seven points shuffled and some twice; then
    // every worker sends the last point.
    let (location, token) = try Self.prepare(backend)
    let server = try LiveServer(location: location, environment: ["FLOPWATCH_HOME": Self.home])
    var rng = SplitMix64(state: 20261204)
    let plans: [[Int]] = (0..<8).map { _ in
      var plan = (0..<7).flatMap { Array(repeating: $0, count: 1 + Int(rng.next() % 2)) }
      plan.shuffle(using: &rng)
      return plan
    }
    let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
      for plan in plans {
        group.addTask {
          var seen: [Int] = []
          for index in plan { seen.append(try await server.send("POST", "/api/v1/runs/clock/progress", token: token, body: Self.body(index)).status) }
          return seen
        }
      }
      return try await group.reduce(into: [Int]()) { $0 += $1 }
    }
    #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
    var finals: [String] = []
    try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<8 { group.addTask { try await server.send("POST", "/api/v1/runs/clock/progress", token: token, body: Self.body(7)).text } }
      for try await text in group { finals.append(text) }
    }
    server.stop()
    #expect(Set(finals).count == 1)
    #expect(try Self.outcome(location, forecast: finals[0]) == expected)
  }

  @Test(arguments: StorageBackend.available) func shutdownFinishesTheRequestsInFlight(backend: StorageBackend) async throws {
    let (location, token) = try Self.prepare(backend)
    let server = try LiveServer(location: location, environment: ["FLOPWATCH_HOME": Self.home])
    // A request whose body is still arriving when SIGTERM comes: curl streams it from a pipe.
    let curl = Process()
    curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    curl.arguments = [
      "curl", "-s", "-o", "/dev/stdout", "-w", "\n%{http_code}", "-X", "POST", "-T", "-", "-H", "Authorization: Bearer \(token)",
      "-H", "Content-Type: application/json", server.base + "/api/v1/runs/clock/progress",
    ]
    let input = Pipe(), output = Pipe()
    curl.standardInput = input
    curl.standardOutput = output
    try curl.run()
    let body = Self.body(2)
    let half = body.index(body.startIndex, offsetBy: body.count / 2)
    input.fileHandleForWriting.write(Data(body[..<half].utf8))
    try await Task.sleep(for: .milliseconds(500))
    kill(server.process.processIdentifier, SIGTERM)
    try await Task.sleep(for: .milliseconds(300))
    input.fileHandleForWriting.write(Data(body[half...].utf8))
    try input.fileHandleForWriting.close()
    curl.waitUntilExit()
    let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stopped = server.stop()
    #expect(answer.hasSuffix("\n200"), "\(answer)")
    #expect(stopped.status == 0)
    #expect(stopped.output.contains("stopped"))
    // What was acknowledged is stored, audited and verifies; a new connection is refused.
    let registry = try Registry(location: try RegistryLocation(location), create: false)
    #expect(try registry.show("clock").progress.count == 1)
    #expect(try registry.verify().ok)
    await #expect(throws: (any Error).self) { _ = try await server.send("GET", "/healthz", token: nil) }
  }

  @Test(arguments: StorageBackend.available) func schemathesisFindsTheServerTrueToItsOpenAPIDocument(backend: StorageBackend) async throws {
    guard (try? ExternalTool.run("schemathesis", ["--version"]).status) == 0 else {
      if PostgresCluster.isRequired { Issue.record("schemathesis is not installed (.ci/setup installs it from PyPI)") }
      return
    }
    let fixture = try ServerFixture(backend: backend)
    try fixture.add(ServerFixture.run(id: "clock"))
    // A name schemathesis will not guess when it tries DELETE /tokens/{name}.
    let admin = try fixture.registry().issueToken(name: "schemathesis-\(UUID().uuidString)", role: .admin, expires: nil, actor: "test").0.text
    let server = try LiveServer(location: fixture.location, environment: ["FLOPWATCH_HOME": Self.home])
    defer { server.stop() }
    let (status, output) = try ExternalTool.run("schemathesis", [
      "run", server.base + "/api/v1/openapi.json", "-H", "Authorization: Bearer \(admin)", "--max-examples", "25", "--seed", "14",
      "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
      // One worker: CPython 3.11's ast is not thread-safe, and hypothesis parses lambdas with it
      // ("AST constructor recursion depth mismatch" was seen with two).
      "--phases", "examples,coverage,fuzzing", "--workers", "1", "--request-timeout", "30",
    ])
    #expect(status == 0, "\(output.suffix(6000))")
    // Every operation schemathesis selected from the document was exercised.
    let selected = output.firstMatch(of: /Selected: (\d+)\/(\d+)/), tested = output.firstMatch(of: /Tested: (\d+)/)
    #expect(selected != nil && selected?.1 == selected?.2 && tested?.1 == selected?.1 && (Int(tested?.1 ?? "") ?? 0) >= 20, "\(output.suffix(2000))")
  }
}

/// Limits and transport, on the real process.
@Suite(.serialized) struct LiveServerLimitTests {
  @Test func aBodyThatTricklesPastTheDeadlineIsCutOff() async throws {
    let (location, token) = try LiveServerTests.prepare(.sqlite)
    let server = try LiveServer(location: location, extra: ["--body-timeout", "2"], environment: ["FLOPWATCH_HOME": LiveServerTests.home])
    defer { server.stop() }
    // A raw connection that promises 100 bytes and sends 12, then nothing.
    let started = Date()
    let answer = try RawHTTP.exchange(
      port: server.port,
      "POST /api/v1/runs/clock/progress HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"tokens\": 1",
      readSeconds: 20)
    #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
    #expect(answer.contains("did not arrive within 2 s"), "\(answer)")
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(try Registry(location: try RegistryLocation(location), create: false).show("clock").progress.isEmpty)
  }

  @Test func httpsWithTheGivenCertificate() async throws {
    guard (try? ExternalTool.run("openssl", ["version"]).status) == 0 else { return }
    let directory = try TempDirectory()
    defer { directory.remove() }
    let (status, output) = try ExternalTool.run("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", directory.path("key.pem"), "-out", directory.path("cert.pem"),
    ])
    #expect(status == 0, "\(output)")
    let (location, token) = try LiveServerTests.prepare(.sqlite)
    let server = try LiveServer(
      location: location, extra: ["--tls-cert", directory.path("cert.pem"), "--tls-key", directory.path("key.pem")],
      environment: ["FLOPWATCH_HOME": LiveServerTests.home], scheme: "https")
    defer { server.stop() }
    let (code, body) = try ExternalTool.run("curl", ["-s", "--cacert", directory.path("cert.pem"), "https://127.0.0.1:\(server.port)/healthz"])
    #expect(code == 0 && body.contains("ok"), "\(body)")
    // Over TLS, the web session's cookie is Secure as well as HttpOnly and SameSite=Strict.
    let (signedIn, headers) = try ExternalTool.run("curl", [
      "-s", "-D", "-", "-o", "/dev/null", "--cacert", directory.path("cert.pem"), "--data-urlencode", "token=\(token)",
      "https://127.0.0.1:\(server.port)/signin",
    ])
    let cookie = headers.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("set-cookie:") }.map(String.init) ?? ""
    #expect(signedIn == 0 && cookie.contains("fw_session=") && cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(headers)")
    // Plain HTTP to the TLS port gets no answer.
    let (plain, _) = try ExternalTool.run("curl", ["-s", "-m", "5", "http://127.0.0.1:\(server.port)/healthz"])
    #expect(plain != 0)
  }

  @Test func aMissingOrHalfTLSConfigurationIsRefusedBeforeListening() throws {
    let result = CLI.run(["serve", "--tls-cert", "/nonexistent/cert.pem", "--port", "0", "--database", FileManager.default.temporaryDirectory.path + "/x-\(UUID().uuidString).sqlite"])
    #expect(result.code == 2 && result.error?.contains("--tls-cert and --tls-key go together") == true, "\(result.error ?? "")")
  }
}
