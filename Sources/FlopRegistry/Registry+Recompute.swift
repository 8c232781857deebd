import FlopCore
import FlopFiles
import FlopRules
import GRDB

extension Registry {
  /// What `verify` found when it re-assessed the stored runs.
  struct RecomputeOutcome {
    var problems: [String] = []
    /// Runs re-assessed, and runs left alone because the log names another threshold set (or none).
    var checked = 0
    var skipped = 0
  }

  /// Re-assesses every run whose latest assessment the log records under `assessor`'s threshold
  /// set, as of the day it records, and compares what the registry stores with the result.
  ///
  /// The figures and the statuses column must be what this FlopWatch computes from the audited
  /// document; every obligation the assessment implies must be on file and not withdrawn, and
  /// none may fall due later than the assessment says (the registry may hold it earlier: a
  /// notification clock runs from the first day the crossing was known). Obligations added by
  /// progress forecasts are checked against the log's digests, not recomputed.
  static func recompute(_ db: Database, expected: [String: ExpectedRun], assessor: RunAssessor) throws -> RecomputeOutcome {
    var outcome = RecomputeOutcome()
    let cursor = try Row.fetchCursor(db, sql: """
      SELECT runs.*, run_versions.document FROM runs
      JOIN run_versions ON run_versions.run_id = runs.id AND run_versions.version = runs.version
      ORDER BY runs.id
      """)
    while let row = try cursor.next() {
      let id: String = row["id"]
      guard let want = expected[id], want.thresholds == assessor.thresholdsFingerprint,
        let day = want.assessedOn.flatMap(CalendarDate.init)
      else {
        outcome.skipped += 1
        continue
      }
      outcome.checked += 1
      let text: String = row["document"]
      guard let document = try? (text.first == "{" ? RunFileParser.parseLine(text, file: "registry:\(id)") : RunFileParser.parse(text, file: "registry:\(id)"))
      else {
        outcome.problems.append("run \(id): its current document no longer parses")
        continue
      }
      var dated = assessor
      dated.asOf = day
      let base = try (row["base_run"] as String?).flatMap { try cumulativeFLOP(db, of: $0) }
      guard let assessment = try? dated.assess(document, baseFLOP: base, knownDates: try knownDates(db, runID: id), explain: false) else {
        outcome.problems.append("run \(id): its current document can no longer be assessed")
        continue
      }
      let fresh = RunRow(assessment, layout: dated.statusesLayout)
      let figures: [(String, Double)] = [
        ("flop_central", fresh.flop.central), ("flop_low", fresh.flop.low), ("flop_high", fresh.flop.high),
        ("cumulative_central", fresh.cumulative.central), ("cumulative_low", fresh.cumulative.low),
        ("cumulative_high", fresh.cumulative.high),
      ]
      for (column, value) in figures where (row[column] as Double?) != value {
        outcome.problems.append(
          "run \(id): \(column) is \((row[column] as Double?).map { "\($0)" } ?? "null"), but re-assessing its document as of \(day) gives \(value)")
      }
      if (row["statuses"] as String) != fresh.statuses {
        outcome.problems.append("run \(id): its rule statuses are not what re-assessing its document as of \(day) gives")
      }
      outcome.problems += try compareObligations(db, id: id, fresh: fresh.obligations, day: day)
    }
    return outcome
  }

  static func compareObligations(_ db: Database, id: String, fresh: [RunRow.ObligationRow], day: CalendarDate) throws -> [String] {
    var stored: [String: (status: String, due: String?)] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT regime, rule, obligation, status, due FROM obligations WHERE run_id = ?", arguments: [id]) {
      stored["\(row["regime"] as String)/\(row["rule"] as String)/\(row["obligation"] as String)"] = (row["status"], row["due"])
    }
    var problems: [String] = []
    for obligation in fresh {
      let path = "\(obligation.regime)/\(obligation.rule)/\(obligation.obligation)"
      guard let have = stored[path], have.status != "withdrawn" else {
        problems.append("run \(id): obligation \(path), which re-assessing as of \(day) gives, is missing or withdrawn")
        continue
      }
      if let due = obligation.due, let haveDue = have.due, haveDue > due {
        problems.append("run \(id): obligation \(path) is due \(haveDue), later than the \(due) re-assessing as of \(day) gives")
      } else if obligation.due != nil, have.due == nil {
        problems.append("run \(id): obligation \(path) has no due date, but re-assessing as of \(day) gives \(obligation.due ?? "")")
      }
    }
    return problems
  }
}
