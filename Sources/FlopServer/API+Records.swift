import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import Foundation
import Hummingbird

extension API {
  /// The registry as a whole: verify, audit log, export, import, thresholds in use.
  func addRecordRoutes(to router: Router<ServerContext>) {
    router.get("/api/v1/verify", use: allow(.viewer) { request, _, _ in
      let query = try API.query(request, allowed: ["recompute", "expect_head"])
      let recompute = try API.flag(query, "recompute") ? current : nil
      let expectHead = query["expect_head"]
      if let expectHead, expectHead.count != 64 || !expectHead.allSatisfy(\.isHexDigit) {
        throw APIError(.badRequest, "expect_head: '\(expectHead.prefix(80))' is not a SHA-256 (64 hex digits, as verify prints it)")
      }
      let report = try await pool.run { try $0.verifyAll(expectHead: expectHead, recompute: recompute) }
      // Tampering found is an alert (once per distinct finding), recorded before answering.
      if let alerts, let event = AlertEvent.tamper(report, at: alerts.clock()) { try await alerts.record([event]) }
      return JSONResponse.encode(report)
    })

    router.get("/api/v1/audit", use: allow(.viewer) { request, _, _ in
      let query = try API.query(request, allowed: ["run", "by", "since", "until"])
      for key in ["since", "until"] {
        if let value = query[key], Registry.parseTime(value) == nil {
          throw APIError(.badRequest, "\(key): '\(value)' is not a day or time (expected YYYY-MM-DD or ISO 8601)")
        }
      }
      return JSONResponse.encode(try await pool.run { registry in
        try registry.auditLog(runID: query["run"], actor: query["by"], since: query["since"], until: query["until"])
      })
    })

    router.get("/api/v1/export", use: allow(.viewer) { request, _, _ in
      _ = try API.query(request, allowed: [])
      let pipe = LinePipe(depth: 8)
      let pool = self.pool
      Task {
        do {
          try await pool.run { registry in
            var chunk = ""
            try registry.forEachExportLine { _, line in
              chunk += line + "\n"
              if chunk.utf8.count >= 64 << 10 {
                try pipe.send(chunk)
                chunk = ""
              }
            }
            if !chunk.isEmpty { try pipe.send(chunk) }
          }
          pipe.finish(nil)
        } catch {
          pipe.finish(error)
        }
      }
      return Response(
        status: .ok, headers: [.contentType: "application/x-ndjson"],
        body: ResponseBody { writer in
          for try await chunk in pipe.stream {
            try await writer.write(ByteBuffer(string: chunk))
            pipe.consumed()
          }
          try await writer.finish(nil)
        })
    })

    router.post("/api/v1/import", use: allow(.submitter) { request, _, identity in
      let query = try API.query(request, allowed: ["format", "batch_size"])
      let format = query["format"] ?? (request.headers[.contentType]?.hasPrefix("text/csv") == true ? "csv" : "jsonl")
      guard format == "jsonl" || format == "csv" else { throw APIError(.badRequest, "format: '\(format)' is not jsonl or csv") }
      let batchSize = try query["batch_size"].map { text -> Int in
        guard let size = Int(text), size > 0 else { throw APIError(.badRequest, "batch_size: must be a positive whole number") }
        return size
      } ?? 1000
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-import-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
      defer { try? FileManager.default.removeItem(at: directory) }
      let file = directory.appendingPathComponent("upload.\(format)").path
      _ = try await RequestBody.spool(request, to: file, limit: configuration.maxImportBytes, seconds: configuration.bodySeconds * 20)
      let assessor = current
      let outcome = try await pool.run { registry in
        var job = RunImport(file: file, batchSize: batchSize)
        job.tuneForBulk = false  // the connection is shared: every acknowledged write stays durable
        return try job.run(into: { registry }, assessor: assessor, actor: identity.name).outcome
      }
      return JSONResponse.encode(outcome, status: outcome.rejected.isEmpty ? .ok : .unprocessableContent)
    })

    router.get("/api/v1/thresholds", use: allow(.viewer) { request, _, _ in
      _ = try API.query(request, allowed: [])
      let set = configuration.thresholds
      return JSONResponse.encode(ThresholdsInUse(
        thresholdSet: set.label, fingerprint: set.fingerprint, files: set.regimes.map(\.provenance),
        catalogue: configuration.catalogue.provenance, channel: try? ChannelStatus.read(home: configuration.home)))
    })
  }
}

/// The threshold files and catalogue every assessment of this server uses (read when it
/// started), and the home's channel state now: a newer installed set is used after a restart.
struct ThresholdsInUse: Encodable {
  var thresholdSet: String
  var fingerprint: String
  var files: [Provenance]
  var catalogue: Provenance
  var channel: ChannelStatus?
}
