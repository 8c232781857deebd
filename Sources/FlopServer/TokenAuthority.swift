import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import NIOConcurrencyHelpers

/// Checks `Authorization: Bearer` tokens against the registry's token table.
///
/// Rows are cached for `cacheSeconds` (default 2 s) so a busy reporter does not cost a database
/// read per request; a revocation or expiry therefore takes effect within that time.
final class TokenAuthority: Sendable {
  enum Outcome: Sendable {
    case allowed(Identity)
    case refused(String)
  }

  private let pool: RegistryPool
  private let cacheSeconds: Double
  private let cache = NIOLockedValueBox<[String: (token: StoredToken?, read: Date)]>([:])

  init(pool: RegistryPool, cacheSeconds: Double = 2) {
    self.pool = pool
    self.cacheSeconds = cacheSeconds
  }

  /// Who the header names, or why it names nobody.
  func identify(authorization header: String?, now: Date = Date()) async throws -> Outcome {
    guard let header, !header.isEmpty else { return .refused("no token: send Authorization: Bearer TOKEN (`flopwatch serve token create` makes one)") }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .refused("the Authorization header is not 'Bearer TOKEN'") }
    guard let token = APIToken(presented: parts[1].drop { $0 == " " }) else { return .refused("not a FlopWatch token") }
    let stored = try await lookUp(token.id, now: now)
    guard let stored, token.matches(stored) else { return .refused("unknown token") }
    return admit(stored, now: now)
  }

  /// Who a web session's token id names, checked again on every request: a session ends when
  /// its token is revoked or expires (within the cache's seconds).
  func identify(tokenID: String, now: Date = Date()) async throws -> Outcome {
    guard let stored = try await lookUp(tokenID, now: now) else { return .refused("unknown token") }
    return admit(stored, now: now)
  }

  private func admit(_ stored: StoredToken, now: Date) -> Outcome {
    if let revoked = stored.revokedAt { return .refused("token '\(stored.name)' was revoked at \(revoked)") }
    if let expires = stored.expires, CalendarDate.today(now: now).description >= expires {
      return .refused("token '\(stored.name)' expired on \(expires)")
    }
    guard let role = Role(rawValue: stored.role) else { return .refused("token '\(stored.name)' has an unknown role '\(stored.role)'") }
    return .allowed(Identity(name: stored.name, role: role, tokenID: stored.id))
  }

  private func lookUp(_ id: String, now: Date) async throws -> StoredToken? {
    if let hit = cache.withLockedValue({ $0[id] }), now.timeIntervalSince(hit.read) < cacheSeconds { return hit.token }
    let token = try await pool.run { try $0.token(id: id) }
    cache.withLockedValue { entries in
      if entries.count > 10_000 { entries.removeAll() }
      entries[id] = (token, now)
    }
    return token
  }
}
