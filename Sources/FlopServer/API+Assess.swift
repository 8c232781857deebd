import FlopCore
import FlopEngine
import FlopFiles
import Hummingbird

extension API {
  /// Stateless assessment: `POST /check` and `POST /estimate` store nothing. Like `flopwatch
  /// check` and `estimate`, they use the registry's newest utilization calibration for matching
  /// hardware (and name it among the data they used).
  func addAssessRoutes(to router: Router<ServerContext>) {
    router.post("/api/v1/check", use: allow(.viewer) { request, _, _ in
      let query = try API.query(request, allowed: ["as_of", "regime"])
      var asOf = CalendarDate.today()
      if let text = query["as_of"] {
        guard let day = CalendarDate(text) else { throw APIError(.badRequest, "as_of: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
        asOf = day
      }
      let set = configuration.thresholds
      let regimes = Set(query["regime"].map { $0.split(separator: ",").map(String.init) } ?? [])
      for id in regimes { _ = try set.requireRegime(id, option: "regime") }
      let document = try await document(request)
      let calibration = try await pool.run { try $0.utilizationCalibration() }
      return JSONResponse.encode(
        try CheckReport.assess(document, thresholds: set, catalogue: configuration.catalogue, asOf: asOf, regimes: regimes, calibration: calibration))
    })

    // Calibration changes what later estimates assume for everyone: compliance's to make.
    router.post("/api/v1/calibrate", use: allow(.compliance) { request, _, identity in
      let query = try API.query(request, allowed: ["accelerator", "tag", "dry_run"])
      let filter = try CalibrationSamples.Filter(accelerator: query["accelerator"], tag: query["tag"], option: "tag")
      let dryRun = try API.flag(query, "dry_run")
      let catalogue = configuration.catalogue.catalogue
      return JSONResponse.encode(try await pool.run { registry in
        try CalibrationReport.run(registry: registry, catalogue: catalogue, filter: filter, store: !dryRun, actor: identity.name)
      })
    })

    router.post("/api/v1/estimate", use: allow(.viewer) { request, _, _ in
      _ = try API.query(request, allowed: [])
      let document = try await document(request)
      let calibration = try await pool.run { try $0.utilizationCalibration() }
      return JSONResponse.encode(try EstimateReport.estimate(document, catalogue: configuration.catalogue, calibration: calibration))
    })
  }
}
