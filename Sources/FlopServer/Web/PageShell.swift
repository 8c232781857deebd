import FlopReports
import Foundation
import Hummingbird

/// The frame every web page shares: navigation, who is signed in, the stylesheet, and the
/// headers that keep a page from running anything it did not come with.
enum PageShell {
  /// No script may run (none is sent), styles and images only from this server, forms post only
  /// back to it, and no other site may frame a page.
  static let contentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  /// A whole page: `body` is HTML that its builder escaped.
  static func render(title: String, body: String, identity: Identity?, csrf: String?, active: String = "") -> String {
    var nav = ""
    if let identity {
      let links = [("/", "Runs"), ("/obligations", "Obligations"), ("/thresholds", "Thresholds")]
      nav = "<nav><span class=\"brand\">FlopWatch</span>"
        + links.map { "<a href=\"\($0.0)\"\($0.1 == active ? " class=\"active\"" : "")>\($0.1)</a>" }.joined()
        + "<span class=\"who\">\(escape(identity.name)) (\(identity.role.rawValue))"
      if let csrf {
        nav += " <form method=\"post\" action=\"/signout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(escape(csrf))\">"
          + "<button type=\"submit\">Sign out</button></form>"
      }
      nav += "</span></nav>\n"
    } else {
      nav = "<nav><span class=\"brand\">FlopWatch</span></nav>\n"
    }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(title)) · FlopWatch</title>
      <link rel="stylesheet" href="/assets/flopwatch.css">
      </head>
      <body>
      \(nav)<main>
      \(body)</main>
      </body>
      </html>

      """
  }

  /// The response for a page, with the security headers.
  static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
    var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    secure(&response)
    return response
  }

  /// A redirect after a form (303: the browser follows with GET).
  static func redirect(_ location: String, cookie: String? = nil) -> Response {
    var response = Response(status: .seeOther, headers: [.location: location])
    if let cookie { response.headers[.setCookie] = cookie }
    secure(&response)
    return response
  }

  static func secure(_ response: inout Response) {
    response.headers[.contentSecurityPolicy] = contentSecurityPolicy
    response.headers[.init("X-Content-Type-Options")!] = "nosniff"
    response.headers[.init("Referrer-Policy")!] = "no-referrer"
    response.headers[.init("X-Frame-Options")!] = "DENY"
    response.headers[.cacheControl] = "no-store"
  }

  /// Text for HTML content or a double-quoted attribute.
  static func escape(_ text: String) -> String { HTMLRenderer.escape(text) }

  /// A query string from pairs (empty values left out), percent-encoded.
  static func query(_ pairs: [(String, String?)]) -> String {
    let items = pairs.compactMap { key, value -> String? in
      guard let value, !value.isEmpty else { return nil }
      return "\(key)=\(percent(value))"
    }
    return items.isEmpty ? "" : "?" + items.joined(separator: "&")
  }

  /// Percent-encodes everything but unreserved characters (safe in a path segment or query value).
  static func percent(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// A run's page.
  static func runLink(_ id: String) -> String { "/runs/\(percent(id))" }

  /// A status as a coloured label.
  static func badge(_ status: String) -> String {
    "<span class=\"badge s-\(escape(status))\">\(escape(status))</span>"
  }
}
