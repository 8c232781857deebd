import FlopCore
import FlopEngine
import FlopRegistry
import Foundation

extension Registry {
  /// Creates a token for `name` with `role`, valid until the start (UTC) of `expires` if given;
  /// returns it whole, the only time it is shown. Audited under `actor`.
  public func issueToken(name: String, role: Role, expires: CalendarDate?, actor: String, now: Date = Date()) throws -> (APIToken, StoredToken) {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, trimmed == name, name.count <= 100, !name.contains(where: { $0.isNewline }) else {
      throw FlopServerError("--name: '\(name)' should be 1–100 characters without surrounding spaces (the audit log names writes by it)")
    }
    let today = CalendarDate.today(now: now).description
    if let expires, expires.description <= today {
      throw FlopServerError("--expires: \(expires) is not after today (\(today)); a token expires at the start of that day, UTC")
    }
    let token = APIToken.generate()
    let stored = StoredToken(
      id: token.id, name: name, role: role.rawValue, secretSHA256: token.secretSHA256, createdAt: Registry.timestamp(now),
      createdBy: actor, expires: expires?.description)
    try addToken(stored, actor: actor)
    return (token, stored)
  }
}
