import Foundation
import Hummingbird

extension WebPages {
  /// Sign in with an API token (exchanged for a session cookie), and sign out.
  func addSignIn(to router: Router<ServerContext>) {
    router.get("/signin") { request, _ in
      let next = WebPages.safeNext(request.uri.queryParameters["next"].map(String.init))
      return PageShell.response(WebPages.signInPage(next: next, message: nil))
    }

    router.post("/signin") { request, _ in
      let form = try await self.form(request)
      let next = WebPages.safeNext(form["next"])
      let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      switch try await api.authority.identify(authorization: "Bearer " + token) {
      case .refused(let reason):
        return PageShell.response(WebPages.signInPage(next: next, message: "Not signed in: \(reason)."), status: .unauthorized)
      case .allowed(let identity):
        let (_, value) = sessions.issue(tokenID: identity.tokenID)
        return PageShell.redirect(next, cookie: sessions.setCookie(value, secure: secure))
      }
    }

    router.post("/signout", use: page(.viewer) { request, _, viewer in
      try checkForm(try await form(request), viewer: viewer)
      return PageShell.redirect("/signin", cookie: WebSessions.clearCookie(secure: secure))
    })
  }

  /// Where to go after signing in: a path on this server only (never another site).
  static func safeNext(_ next: String?) -> String {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains(where: \.isNewline) else { return "/" }
    return next
  }

  static func signInPage(next: String, message: String?) -> String {
    let notice = message.map { "<p class=\"error\">\(PageShell.escape($0))</p>\n" } ?? ""
    let body = """
      <div class="signin">
      <h1>Sign in</h1>
      \(notice)<p class="muted">Paste an API token (<code>flopwatch serve token create --name NAME --role viewer</code> makes one). It is exchanged for a session cookie and not kept in the browser.</p>
      <form method="post" action="/signin">
      <input type="hidden" name="next" value="\(PageShell.escape(next))">
      <label for="token">API token</label>
      <input type="password" id="token" name="token" autocomplete="off" required>
      <button type="submit" id="signin">Sign in</button>
      </form>
      </div>

      """
    return PageShell.render(title: "Sign in", body: body, identity: nil, csrf: nil)
  }
}
