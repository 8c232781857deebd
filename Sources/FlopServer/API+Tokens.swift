import FlopCore
import FlopRegistry
import Hummingbird

extension API {
  /// Tokens, for admins: list, create (shown once), revoke.
  func addTokenRoutes(to router: Router<ServerContext>) {
    router.get("/api/v1/tokens", use: allow(.admin) { request, _, _ in
      let all = try API.flag(try API.query(request, allowed: ["all"]), "all")
      return JSONResponse.encode(try await pool.run { try $0.tokens(liveOnly: !all) })
    })

    router.post("/api/v1/tokens", use: allow(.admin) { request, _, identity in
      let body = try await RequestBody.object(
        request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds, allowed: ["name", "role", "expires"])
      guard let name = try body.string("name") else { throw APIError(.unprocessableContent, "name: required") }
      guard let roleText = try body.string("role") else { throw APIError(.unprocessableContent, "role: required") }
      let role = try Role(naming: roleText, field: "role")
      let expires = try body.string("expires").map { text throws -> CalendarDate in
        guard let day = CalendarDate(text) else { throw APIError(.unprocessableContent, "expires: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
        return day
      }
      let (token, stored) = try await pool.run { try $0.issueToken(name: name, role: role, expires: expires, actor: identity.name) }
      return JSONResponse.encode(IssuedToken(token: token.text, stored: stored), status: .created)
    })

    router.delete("/api/v1/tokens/:name", use: allow(.admin) { _, context, identity in
      let name = try context.parameters.require("name")
      return JSONResponse.encode(try await pool.run { try $0.revokeToken(name, actor: identity.name) })
    })
  }
}

/// A token as created: the whole token, shown this once, and its record.
public struct IssuedToken: Encodable, Sendable {
  public var token: String
  public var name: String
  public var role: String
  public var expires: String?
  public var createdAt: String

  public init(token: String, stored: StoredToken) {
    self.token = token
    name = stored.name
    role = stored.role
    expires = stored.expires
    createdAt = stored.createdAt
  }
}
