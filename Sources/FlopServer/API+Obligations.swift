import FlopCore
import FlopRegistry
import Hummingbird

extension API {
  /// Obligations: list (open, or all; due before a day; overdue as of a day), and mark one done.
  func addObligationRoutes(to router: Router<ServerContext>) {
    router.get("/api/v1/obligations", use: allow(.viewer) { request, _, _ in
      let query = try API.query(request, allowed: ["due_before", "overdue", "as_of", "all"])
      for key in ["due_before", "as_of"] {
        if let day = query[key], CalendarDate(day) == nil { throw APIError(.badRequest, "\(key): '\(day)' is not a valid date (expected YYYY-MM-DD)") }
      }
      let overdue = try API.flag(query, "overdue"), all = try API.flag(query, "all")
      let asOf = query["as_of"] ?? CalendarDate.today().description
      let dueBefore = query["due_before"]
      return try await cachedRead(request) { registry in
        try registry.obligations(dueBefore: dueBefore, overdueAsOf: overdue ? asOf : nil, includeClosed: all)
      }
    })

    router.post("/api/v1/obligations/:row/done", use: allow(.compliance) { request, context, identity in
      let text = try context.parameters.require("row")
      guard let row = Int64(text) else { throw APIError(.badRequest, "obligation row '\(text)' is not a number (GET /api/v1/obligations lists rows)") }
      let body = try await RequestBody.object(request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds, allowed: ["evidence"])
      guard let evidence = try body.string("evidence") else { throw APIError(.unprocessableContent, "evidence: required (what shows the obligation was met)") }
      return JSONResponse.encode(try await pool.run { registry in
        guard let obligation = try registry.obligation(row: row) else {
          throw RegistryError("no obligation row \(row) (GET /api/v1/obligations lists them)", kind: .notFound)
        }
        return try registry.completeObligation(runID: obligation.runID, reference: text, evidence: evidence, actor: identity.name)
      })
    })

    // By the run and the obligation's id, regime/rule/obligation path or row (as `registry
    // obligations done RUN OBLIGATION` takes it); in the body, as a path holds slashes.
    router.post("/api/v1/runs/:id/obligations/done", use: allow(.compliance) { request, context, identity in
      let id = try context.parameters.require("id")
      let body = try await RequestBody.object(
        request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds, allowed: ["obligation", "evidence"])
      guard let reference = try body.string("obligation") else { throw APIError(.unprocessableContent, "obligation: required (its id, regime/rule/obligation, or row)") }
      guard let evidence = try body.string("evidence") else { throw APIError(.unprocessableContent, "evidence: required (what shows the obligation was met)") }
      return JSONResponse.encode(try await pool.run { registry in
        try registry.completeObligation(runID: id, reference: reference, evidence: evidence, actor: identity.name)
      })
    })
  }

  /// A true/false query parameter; absent is false.
  static func flag(_ query: [String: String], _ key: String) throws -> Bool {
    guard let text = query[key] else { return false }
    guard let value = Bool(text) else { throw APIError(.badRequest, "\(key): '\(text)' is not true or false") }
    return value
  }
}
