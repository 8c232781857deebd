import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import Foundation
import Hummingbird

extension API {
  /// Runs: create, read, list, new version, status, progress, lineage.
  func addRunRoutes(to router: Router<ServerContext>) {
    router.post("/api/v1/runs", use: allow(.submitter) { request, _, identity in
      let document = try await document(request)
      guard document.run.id != nil else {
        throw FlopFilesError(file: document.file, line: nil, field: "id", message: "the registry needs an id for every run")
      }
      let assessor = current
      let stored = try await pool.run { registry in
        let assessment = try registry.assess(document, with: assessor)
        try registry.add(assessment, actor: identity.name)
        return try registry.show(assessment.id)
      }
      var response = JSONResponse.encode(stored, status: .created)
      response.headers[.location] = "/api/v1/runs/\(stored.summary.id)"
      return response
    })

    router.get("/api/v1/runs", use: allow(.viewer) { request, _, _ in
      let filter = try RunFilter(query: try API.query(request, allowed: RunFilter.queryFields)) { $0 }
      return try await cachedRead(request) { try $0.list(filter) }
    })

    router.get("/api/v1/runs/:id", use: allow(.viewer) { request, context, _ in
      _ = try API.query(request, allowed: [])
      let id = try context.parameters.require("id")
      return try await cachedRead(request) { try $0.show(id) }
    })

    router.put("/api/v1/runs/:id", use: allow(.submitter) { request, context, identity in
      let id = try context.parameters.require("id")
      let document = try await document(request)
      guard document.run.id == id else {
        throw FlopFilesError(file: document.file, line: document.line(for: "id"), field: "id", message: "is '\(document.run.id ?? "")', not '\(id)' (the run the URL names)")
      }
      let assessor = current
      let (stored, reassessed) = try await pool.run { registry in
        let assessment = try registry.assess(document, with: assessor)
        let reassessed = try registry.update(assessment, actor: identity.name, assessor: assessor)
        return (try registry.show(id), reassessed)
      }
      var response = JSONResponse.encode(stored)
      response.headers[.init("FlopWatch-Changed")!] = reassessed == nil ? "false" : "true"
      if let reassessed, !reassessed.isEmpty { response.headers[.init("FlopWatch-Reassessed")!] = reassessed.joined(separator: ",") }
      return response
    })

    router.post("/api/v1/runs/:id/status", use: allow(.compliance) { request, context, identity in
      let id = try context.parameters.require("id")
      let body = try await RequestBody.object(request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds, allowed: ["status"])
      guard let text = try body.string("status") else { throw APIError(.unprocessableContent, "status: required") }
      guard let status = Run.Status(rawValue: text) else {
        throw APIError(.unprocessableContent, "status: unknown value '\(text)' (expected one of \(Run.Status.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      return JSONResponse.encode(try await pool.run { registry in
        try registry.setStatus(id, status, actor: identity.name)
        return try registry.show(id).summary
      })
    })

    router.post("/api/v1/runs/:id/progress", use: allow(.submitter) { request, context, identity in
      let id = try context.parameters.require("id")
      let body = try await RequestBody.object(
        request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds, allowed: ["tokens", "gpu_hours", "at"])
      let tokens = try body.quantity("tokens"), hours = try body.quantity("gpu_hours")
      guard tokens != nil || hours != nil else { throw APIError(.unprocessableContent, "give tokens or gpu_hours (cumulative so far)") }
      var at = Date()
      if let text = try body.string("at") {
        guard let parsed = Registry.parseTime(text) else { throw APIError(.unprocessableContent, "at: '\(text)' is not a time (expected ISO 8601 or YYYY-MM-DD)") }
        at = parsed
      }
      let report = ProgressReport(runID: id, at: at, tokens: tokens, gpuHours: hours, actor: identity.name)
      return JSONResponse.encode(try await progress.record(report, assessor: current))
    })

    router.post("/api/v1/runs/:id/progress/retract", use: allow(.compliance) { request, context, identity in
      let id = try context.parameters.require("id")
      let body = try await RequestBody.object(request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds, allowed: ["at", "reason"])
      guard let text = try body.string("at"), let at = Registry.parseTime(text) else {
        throw APIError(.unprocessableContent, "at: the time of the point to retract is required (ISO 8601 or YYYY-MM-DD)")
      }
      let reason = try body.string("reason") ?? ""
      try await pool.run { try $0.retractProgress(id, at: at, actor: identity.name, reason: reason) }
      return JSONResponse.encode(try await pool.run { try $0.show(id) })
    })

    router.get("/api/v1/runs/:id/lineage", use: allow(.viewer) { request, context, _ in
      _ = try API.query(request, allowed: [])
      let id = try context.parameters.require("id")
      return try await cachedRead(request) { try $0.lineage(id) }
    })
  }
}
