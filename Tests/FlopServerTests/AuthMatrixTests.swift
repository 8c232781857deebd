import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Hummingbird
import Testing

/// Every route × every identity: no token, bad tokens (401), each role (403 below the route's
/// role, an answer from the route itself at or above it). Issue 14, "auth matrix".
@Suite struct AuthMatrixTests {
  struct Route: Sendable, CustomStringConvertible {
    var method: HTTPRequest.Method
    var uri: String
    var body: String?
    var needs: Role
    var description: String { "\(method) \(uri)" }
  }

  static let routes: [Route] = [
    Route(method: .get, uri: "/api/v1/runs?min_flop=1e20", needs: .viewer),
    Route(method: .get, uri: "/api/v1/runs/clock", needs: .viewer),
    Route(method: .post, uri: "/api/v1/runs", body: ServerFixture.run(id: "other"), needs: .submitter),
    Route(method: .put, uri: "/api/v1/runs/clock", body: ServerFixture.run(id: "clock", tokens: "11T"), needs: .submitter),
    Route(method: .post, uri: "/api/v1/runs/clock/status", body: #"{"status": "running"}"#, needs: .compliance),
    Route(method: .post, uri: "/api/v1/runs/clock/progress", body: #"{"tokens": 1e12, "at": "2026-11-04"}"#, needs: .submitter),
    Route(method: .post, uri: "/api/v1/runs/clock/progress/retract", body: #"{"at": "2026-11-05", "reason": "probe"}"#, needs: .compliance),
    Route(method: .post, uri: "/api/v1/runs/clock/obligations/done", body: #"{"obligation": "art52-notification", "evidence": "probe"}"#, needs: .compliance),
    Route(method: .get, uri: "/api/v1/runs/clock/lineage", needs: .viewer),
    Route(method: .get, uri: "/api/v1/obligations?all=true", needs: .viewer),
    Route(method: .post, uri: "/api/v1/obligations/1/done", body: #"{"evidence": "ticket 42"}"#, needs: .compliance),
    Route(method: .post, uri: "/api/v1/check", body: ServerFixture.run(id: "probe"), needs: .viewer),
    Route(method: .post, uri: "/api/v1/estimate", body: ServerFixture.run(id: "probe"), needs: .viewer),
    Route(method: .post, uri: "/api/v1/calibrate?dry_run=true", needs: .compliance),
    Route(method: .get, uri: "/api/v1/verify", needs: .viewer),
    Route(method: .get, uri: "/api/v1/audit?run=clock", needs: .viewer),
    Route(method: .get, uri: "/api/v1/export", needs: .viewer),
    Route(method: .post, uri: "/api/v1/import", body: #"{"flopwatch": 1, "id": "imported", "model": {"parameters": 1e9}, "stages": [{"kind": "pre-training", "tokens": 2e10}]}"#, needs: .submitter),
    Route(method: .get, uri: "/api/v1/thresholds", needs: .viewer),
    Route(method: .get, uri: "/api/v1/tokens", needs: .admin),
    Route(method: .post, uri: "/api/v1/tokens", body: #"{"name": "new-bot", "role": "viewer"}"#, needs: .admin),
    Route(method: .delete, uri: "/api/v1/tokens/nobody", needs: .admin),
  ]

  @Test(arguments: StorageBackend.available) func everyRouteRefusesMissingBadAndUnderprivilegedTokens(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend)
    let registry = try fixture.registry()
    try fixture.add(ServerFixture.run(id: "clock"))
    try await fixture.withClient { client in
      for route in Self.routes {
        for (label, token) in [("no token", nil)] + fixture.refused.sorted(by: { $0.key < $1.key }).map({ ($0.key, Optional($0.value)) }) {
          let answer = try await client.send(route.method, route.uri, token: token, body: route.body)
          #expect(answer.status == 401, "\(route) with \(label): \(answer.status) \(answer.text)")
          #expect(answer.json?["error"]?["status"]?.number == 401, "\(route) with \(label)")
        }
        for role in Role.allCases {
          let answer = try await client.send(route.method, route.uri, token: fixture.tokens[role], body: route.body)
          if role < route.needs {
            #expect(answer.status == 403, "\(route) as \(role): \(answer.status) \(answer.text)")
            #expect(answer.message.contains("needs \(route.needs.rawValue)"), "\(route) as \(role): \(answer.message)")
          } else {
            #expect(![401, 403].contains(answer.status) && answer.status < 500, "\(route) as \(role): \(answer.status) \(answer.text)")
          }
        }
      }
    }
    // Nothing a refused request sent was stored: only the holders' writes are in the audit log.
    let actors = Set(try registry.auditLog().map(\.actor))
    #expect(actors.isSubset(of: ["test", "setup", "submitter-holder", "compliance-holder", "admin-holder"]), "\(actors)")
    #expect(actors.contains("submitter-holder") && actors.contains("compliance-holder") && actors.contains("admin-holder"))
    #expect(try registry.verify().ok)
  }
}
