import Crypto
import Foundation

/// Signed session cookies for the web pages, exchanged for an API token at sign-in.
///
/// The cookie names the token's public id, an expiry and a random nonce, with an HMAC-SHA256
/// over them by a key made when the server starts; the token itself is checked again on every
/// request, so revoking it ends its sessions. A restart signs everybody out (the key is not kept).
/// The CSRF token of a session is an HMAC of its nonce, so forms need no server-side state.
final class WebSessions: Sendable {
  /// What a valid cookie says.
  struct Session: Sendable, Equatable {
    var tokenID: String
    var expires: Date
    var nonce: String
  }

  static let cookieName = "fw_session"
  let lifetime: TimeInterval
  private let key: SymmetricKey

  init(lifetime: TimeInterval = 8 * 3600, key: SymmetricKey = SymmetricKey(size: .bits256)) {
    self.lifetime = lifetime
    self.key = key
  }

  /// A new session for a token, and the cookie's value.
  func issue(tokenID: String, now: Date = Date()) -> (session: Session, value: String) {
    let nonce = APIToken.hex((0..<16).map { _ in UInt8.random(in: .min ... .max) })
    let session = Session(tokenID: tokenID, expires: now.addingTimeInterval(lifetime).rounded, nonce: nonce)
    let payload = "\(tokenID).\(Int(session.expires.timeIntervalSince1970)).\(nonce)"
    return (session, payload + "." + mac(payload))
  }

  /// The session a cookie value carries, or nil when it is malformed, forged or expired.
  func open(_ value: String, now: Date = Date()) -> Session? {
    let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 4, let seconds = Int(parts[1]) else { return nil }
    let payload = parts[0..<3].joined(separator: ".")
    guard APIToken.equalInConstantTime(mac(payload), parts[3]) else { return nil }
    let expires = Date(timeIntervalSince1970: Double(seconds))
    guard expires > now else { return nil }
    return Session(tokenID: parts[0], expires: expires, nonce: parts[2])
  }

  /// The CSRF token every form of this session carries.
  func csrf(for session: Session) -> String { mac("csrf." + session.nonce) }

  /// Whether a form's CSRF token is this session's.
  func checkCSRF(_ presented: String?, session: Session) -> Bool {
    guard let presented else { return false }
    return APIToken.equalInConstantTime(csrf(for: session), presented)
  }

  /// The session cookie from a Cookie header.
  static func cookie(in header: String?) -> String? {
    guard let header else { return nil }
    for part in header.split(separator: ";") {
      let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
      if pair.count == 2, pair[0] == cookieName { return String(pair[1]) }
    }
    return nil
  }

  /// The Set-Cookie header for a session (HttpOnly, SameSite=Strict, Secure over TLS).
  func setCookie(_ value: String, secure: Bool) -> String {
    "\(Self.cookieName)=\(value); Path=/; Max-Age=\(Int(lifetime)); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
  }

  /// The Set-Cookie header that removes the session cookie.
  static func clearCookie(secure: Bool) -> String {
    "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
  }

  private func mac(_ text: String) -> String {
    APIToken.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
  }
}

extension Date {
  /// Whole seconds, as a cookie carries them.
  fileprivate var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
