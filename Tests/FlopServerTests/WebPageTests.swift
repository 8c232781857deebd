import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The web pages in-process: sign-in and sessions, CSRF, roles, escaping of hostile text, the
/// security headers, filters and paging. (The browser tests drive the same pages in Chromium.)
@Suite struct WebPageTests {
  struct Page: Sendable {
    var status: Int
    var text: String
    var headers: HTTPFields
  }

  static func get(_ client: any TestClientProtocol, _ uri: String, cookie: String? = nil, token: String? = nil) async throws -> Page {
    var headers: HTTPFields = [:]
    if let cookie { headers[.cookie] = cookie }
    if let token { headers[.authorization] = "Bearer \(token)" }
    return try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { Page(status: Int($0.status.code), text: String(buffer: $0.body), headers: $0.headers) }
  }

  static func post(_ client: any TestClientProtocol, _ uri: String, form: [(String, String)], cookie: String? = nil) async throws -> Page {
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    if let cookie { headers[.cookie] = cookie }
    let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { Page(status: Int($0.status.code), text: String(buffer: $0.body), headers: $0.headers) }
  }

  /// Signs in and returns the cookie and the CSRF token the pages' forms carry.
  static func signIn(_ client: any TestClientProtocol, token: String) async throws -> (cookie: String, csrf: String) {
    let answer = try await post(client, "/signin", form: [("token", token), ("next", "/")])
    #expect(answer.status == 303)
    let setCookie = try #require(answer.headers[.setCookie])
    #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Max-Age="))
    let cookie = String(setCookie.split(separator: ";")[0])
    let page = try await get(client, "/", cookie: cookie)
    let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
    return (cookie, String(csrf))
  }

  @Test(arguments: StorageBackend.available) func signInFiltersEscapingAndRoles(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend)
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
    try fixture.add(ServerFixture.run(id: "atlas", params: "400B", tokens: "15T"))
    try fixture.add(ServerFixture.run(id: "wren", params: "1B", tokens: "100B").replacingOccurrences(of: "name: wren", with: "name: '\(hostile.replacingOccurrences(of: "'", with: "''"))'"))
    let compliance = try #require(fixture.tokens[.compliance]), viewer = try #require(fixture.tokens[.viewer])
    try await fixture.withClient { client in
      let raw = client.client
      // Without a session, a page sends the browser to sign in and back.
      let anonymous = try await Self.get(raw, "/runs/atlas")
      #expect(anonymous.status == 303)
      #expect(anonymous.headers[.location] == "/signin?next=%2Fruns%2Fatlas")
      // A wrong token is refused on the form, with the reason.
      let wrong = try await Self.post(raw, "/signin", form: [("token", "fw_000000000000_" + String(repeating: "0", count: 64))])
      #expect(wrong.status == 401 && wrong.text.contains("unknown token") && wrong.headers[.setCookie] == nil)
      // An open redirect is not followed after sign-in.
      let away = try await Self.post(raw, "/signin", form: [("token", compliance), ("next", "//evil.example/")])
      #expect(away.headers[.location] == "/")

      let (cookie, csrf) = try await Self.signIn(raw, token: compliance)
      let runs = try await Self.get(raw, "/", cookie: cookie)
      #expect(runs.status == 200)
      #expect(runs.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
      #expect(!runs.text.contains("<script"), "no script on any page, hostile or not")
      #expect(runs.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
      #expect(!runs.text.contains("<img"))
      // Filters: text, compute, a rule's status; and a bad filter is a 400 page naming it.
      let searched = try await Self.get(raw, "/?q=atl", cookie: cookie)
      #expect(searched.text.contains("/runs/atlas\"") && !searched.text.contains("/runs/wren\""))
      let big = try await Self.get(raw, "/?min_flop=1e24", cookie: cookie)
      #expect(big.text.contains("/runs/atlas\"") && !big.text.contains("/runs/wren\""))
      let met = try await Self.get(raw, "/?rule=eu-ai-act%2Fgpai-indicative&rule_status=met", cookie: cookie)
      #expect(met.text.contains("/runs/atlas\"") && !met.text.contains("/runs/wren\""))
      let bad = try await Self.get(raw, "/?min_flop=lots", cookie: cookie)
      #expect(bad.status == 400 && bad.text.contains("min_flop"))
      let unknown = try await Self.get(raw, "/?colour=red", cookie: cookie)
      #expect(unknown.status == 400 && unknown.text.contains("colour"))

      // The run page, as of another day; its obligations carry the CSRF token.
      let page = try await Self.get(raw, "/runs/atlas?as_of=2026-06-01", cookie: cookie)
      #expect(page.status == 200 && page.text.contains("value=\"2026-06-01\"") && page.text.contains("class=\"done-form\""))
      let row = try #require(try fixture.registry().show("atlas").obligations.first { $0.status == "open" }?.row)
      // Without the CSRF token, or with another, nothing is marked.
      let forged = try await Self.post(raw, "/runs/atlas/obligations/\(row)/done", form: [("evidence", "filed")], cookie: cookie)
      #expect(forged.status == 403 && forged.text.contains("CSRF"))
      let other = try await Self.post(raw, "/runs/atlas/obligations/\(row)/done", form: [("evidence", "filed"), ("csrf", String(repeating: "0", count: 64))], cookie: cookie)
      #expect(other.status == 403)
      #expect(try fixture.registry().obligation(row: row)?.status == "open")
      // With it, the obligation is done, and the hostile evidence is shown as text.
      let done = try await Self.post(raw, "/runs/atlas/obligations/\(row)/done", form: [("evidence", hostile), ("csrf", csrf)], cookie: cookie)
      #expect(done.status == 303)
      let stored = try #require(try fixture.registry().obligation(row: row))
      #expect(stored.status == "done" && stored.evidence == hostile && stored.doneBy == "compliance-holder")
      let after = try await Self.get(raw, "/runs/atlas", cookie: cookie)
      #expect(after.text.contains("&lt;script&gt;alert(1)") && !after.text.contains("<script") && !after.text.contains("<img"))

      // A viewer sees no form and is refused the post.
      let (viewerCookie, viewerCSRF) = try await Self.signIn(raw, token: viewer)
      let viewed = try await Self.get(raw, "/runs/atlas", cookie: viewerCookie)
      #expect(viewed.status == 200 && !viewed.text.contains("class=\"done-form\""))
      let refused = try await Self.post(raw, "/runs/atlas/obligations/\(row + 1)/done", form: [("evidence", "x"), ("csrf", viewerCSRF)], cookie: viewerCookie)
      #expect(refused.status == 403 && refused.text.contains("needs compliance"))

      // The Bearer header works for scripts; a forged cookie does not.
      #expect(try await Self.get(raw, "/obligations", token: viewer).status == 200)
      #expect(try await Self.get(raw, "/thresholds", token: viewer).text.contains("eu-ai-act"))
      let forgedCookie = cookie.dropLast(4) + "0000"
      #expect(try await Self.get(raw, "/", cookie: String(forgedCookie)).status == 303)
      // Signing out needs the CSRF token too.
      #expect(try await Self.post(raw, "/signout", form: [], cookie: cookie).status == 403)
      let out = try await Self.post(raw, "/signout", form: [("csrf", csrf)], cookie: cookie)
      #expect(out.status == 303 && out.headers[.setCookie]?.contains("Max-Age=0") == true)
      // Unknown runs are a 404 page.
      #expect(try await Self.get(raw, "/runs/nope", cookie: viewerCookie).status == 404)
      // A report from the run page.
      let report = try await Self.get(raw, "/runs/atlas/reports/eu-notification.md", cookie: viewerCookie)
      #expect(report.status == 200 && report.text.contains("atlas"))
    }
  }

  @Test func aRevokedTokensSessionEnds() async throws {
    let fixture = try ServerFixture(backend: .sqlite)
    let admin = try #require(fixture.tokens[.admin])
    try await fixture.withClient { client in
      let (cookie, _) = try await Self.signIn(client.client, token: admin)
      #expect(try await Self.get(client.client, "/", cookie: cookie).status == 200)
      _ = try fixture.registry().revokeToken("admin-holder", actor: "test")
      // The authority caches a token for up to 2 s.
      try await Task.sleep(for: .milliseconds(2100))
      #expect(try await Self.get(client.client, "/", cookie: cookie).status == 303)
    }
  }

  @Test func pagesOfRunsFollowEachOther() async throws {
    let fixture = try ServerFixture(backend: .sqlite)
    for index in 0..<120 { try fixture.add(ServerFixture.run(id: String(format: "run-%03d", index), params: "1B", tokens: "20B")) }
    let viewer = try #require(fixture.tokens[.viewer])
    try await fixture.withClient { client in
      var seen: [String] = []
      for page in 1...3 {
        let answer = try await Self.get(client.client, page == 1 ? "/" : "/?page=\(page)", token: viewer)
        seen += answer.text.matches(of: /<a href="\/runs\/(run-\d+)">/).map { String($0.1) }
        #expect(answer.text.contains("rel=\"next\"") == (page < 3))
      }
      #expect(seen == (0..<120).map { String(format: "run-%03d", $0) })
    }
  }
}

/// A NUL character in a query (PostgreSQL cannot take one in text) is a 400 naming the parameter,
/// for the API and the pages alike, on both backends (schemathesis found it as a 422).
@Suite struct NulQueryTests {
  @Test(arguments: StorageBackend.available) func aNulInAQueryIsRefusedByName(backend: StorageBackend) async throws {
    let fixture = try ServerFixture(backend: backend)
    let viewer = try #require(fixture.tokens[.viewer])
    try await fixture.withClient { client in
      for uri in ["/api/v1/runs?developer=a%00b", "/api/v1/obligations?due_before=2026%0001", "/?developer=a%00b"] {
        let answer = try await client.send(.get, uri, token: viewer)
        #expect(answer.status == 400 && answer.text.contains("NUL"), "\(uri): \(answer.status) \(answer.text.prefix(200))")
      }
    }
  }
}
