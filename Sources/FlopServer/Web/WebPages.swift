import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import Hummingbird

/// The web pages served by `flopwatch serve` (CONTRACT.md §6): runs, a run, obligations and
/// thresholds, rendered on the server as HTML with inline SVG charts and no script.
///
/// A page takes the API token as `Authorization: Bearer` (for scripts) or a session cookie from
/// signing in with one. Forms of a cookie session carry its CSRF token; routes translate, and the
/// engine and registry do the work, as for the API.
struct WebPages: Sendable {
  let api: API
  let sessions: WebSessions
  /// Whether the server speaks TLS (cookies are then Secure).
  let secure: Bool

  /// Who is asking, and the CSRF token their forms need (nil for a Bearer client, whose
  /// requests a browser never sends on its own).
  struct Viewer: Sendable {
    var identity: Identity
    var csrf: String?
    var session: WebSessions.Session?
  }

  typealias Handler = @Sendable (Request, ServerContext, Viewer) async throws -> Response

  func add(to router: Router<ServerContext>) {
    router.get("/assets/flopwatch.css") { _, _ in
      var response = Response(
        status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: WebAssets.stylesheet)))
      response.headers[.cacheControl] = "max-age=3600"
      return response
    }
    addSignIn(to: router)
    addRunsPage(to: router)
    addRunPage(to: router)
    addObligationsPage(to: router)
    addThresholdsPage(to: router)
  }

  /// Identifies the viewer, checks the role, then renders; sends the browser to sign in when it
  /// has no session, and renders errors as pages (with the API's statuses and messages).
  func page(_ role: Role, _ handler: @escaping Handler) -> @Sendable (Request, ServerContext) async throws -> Response {
    let authority = api.authority, sessions = self.sessions
    return { request, context in
      var viewer: Viewer?
      if let header = request.headers[.authorization] {
        switch try await authority.identify(authorization: header) {
        case .refused(let reason): return WebPages.errorPage(.unauthorized, reason, viewer: nil)
        case .allowed(let identity): viewer = Viewer(identity: identity, csrf: nil, session: nil)
        }
      } else if let value = WebSessions.cookie(in: request.headers[.cookie]), let session = sessions.open(value) {
        if case .allowed(let identity) = try await authority.identify(tokenID: session.tokenID) {
          viewer = Viewer(identity: identity, csrf: sessions.csrf(for: session), session: session)
        }
      }
      guard let viewer else {
        let target = request.method == .get ? request.uri.description : "/"
        return PageShell.redirect("/signin" + PageShell.query([("next", target)]))
      }
      guard viewer.identity.role >= role else {
        return WebPages.errorPage(
          .forbidden, "\(viewer.identity.name) has the role \(viewer.identity.role.rawValue); this needs \(role.rawValue) or above", viewer: viewer)
      }
      do {
        return try await handler(request, context, viewer)
      } catch {
        let known = APIError.from(error) ?? APIError(.internalServerError, "the server could not answer this request (request id \(context.id))")
        return WebPages.errorPage(known.status, known.message, viewer: viewer)
      }
    }
  }

  /// A form post: the viewer's CSRF token must come with it (a cookie session's forms carry it).
  func checkForm(_ form: [String: String], viewer: Viewer) throws {
    guard let session = viewer.session else { return }
    guard sessions.checkCSRF(form["csrf"], session: session) else {
      throw APIError(.forbidden, "the form's CSRF token is missing or not this session's: reload the page and try again")
    }
  }

  static func errorPage(_ status: HTTPResponse.Status, _ message: String, viewer: Viewer?) -> Response {
    let body = "<h1>\(status.code) \(PageShell.escape(status.reasonPhrase))</h1>\n<p class=\"error\">\(PageShell.escape(message))</p>\n<p><a href=\"/\">All runs</a></p>\n"
    return PageShell.response(PageShell.render(title: "\(status.code)", body: body, identity: viewer?.identity, csrf: viewer?.csrf), status: status)
  }

  /// An `application/x-www-form-urlencoded` body (at most 64 KiB), decoded by Hummingbird.
  func form(_ request: Request) async throws -> [String: String] {
    let text = String(buffer: try await request.body.collect(upTo: 64 << 10))
    do {
      return try URLEncodedFormDecoder().decode([String: String].self, from: text)
    } catch {
      throw APIError(.badRequest, "the form is not application/x-www-form-urlencoded text of names and values")
    }
  }

  /// Compute with its 90% interval, to two significant figures.
  static func flop(_ interval: FLOPInterval) -> String {
    "\(formatFLOP(interval.central)) <small>[\(formatFLOP(interval.low))–\(formatFLOP(interval.high))]</small>"
  }
}
