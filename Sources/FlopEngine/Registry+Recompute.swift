import FlopCore
import FlopFiles
import FlopRegistry
import FlopRules

extension Registry {
  /// What `verify` found when it re-assessed the stored runs.
  struct RecomputeOutcome {
    var problems: [String] = []
    /// Runs re-assessed, and runs left alone because the log names another threshold set (or none).
    var checked = 0
    var skipped = 0
  }

  /// `verify(expectHead:)`, then, with an assessor, each run whose latest assessment the log
  /// records under that assessor's threshold set re-assessed as of the recorded day, and compared.
  ///
  /// The figures and the statuses column must be what this FlopWatch computes from the audited
  /// document; every obligation the assessment implies must be on file and not withdrawn, and
  /// none may fall due later than the assessment says (the registry may hold it earlier: a
  /// notification clock runs from the first day the crossing was known). Obligations added by
  /// progress forecasts are checked against the log's digests, not recomputed.
  public func verify(expectHead: String? = nil, recompute assessor: RunAssessor?) throws -> VerifyReport {
    var report = try verify(expectHead: expectHead)
    guard let assessor, report.ok else { return report }
    let outcome = try read { tx in try Self.recompute(tx, expected: report.assessments, assessor: assessor) }
    report.problems += outcome.problems
    report.recomputed = outcome.checked
    report.notRecomputed = outcome.skipped
    return report
  }

  static func recompute(
    _ tx: RegistryTransaction, expected: [String: VerifyReport.RecordedAssessment], assessor: RunAssessor
  ) throws -> RecomputeOutcome {
    var outcome = RecomputeOutcome()
    try tx.forEachRun { stored, text in
      let id = stored.id
      guard let want = expected[id], want.thresholds == assessor.thresholdsFingerprint,
        let day = want.asOf.flatMap(CalendarDate.init)
      else {
        outcome.skipped += 1
        return
      }
      outcome.checked += 1
      guard let document = try? (text.first == "{" ? RunFileParser.parseLine(text, file: "registry:\(id)") : RunFileParser.parse(text, file: "registry:\(id)"))
      else {
        outcome.problems.append("run \(id): its current document no longer parses")
        return
      }
      var dated = assessor
      dated.asOf = day
      let base = try stored.baseRun.flatMap { try tx.cumulativeFLOP(of: $0) }
      guard let assessment = try? dated.assess(document, baseFLOP: base, knownDates: knownDates(try tx.knownDays(of: id))) else {
        outcome.problems.append("run \(id): its current document can no longer be assessed")
        return
      }
      let fresh = RunRow(assessment, layout: dated.statusesLayout)
      let figures: [(String, Double, Double)] = [
        ("flop_central", stored.flop.central, fresh.flop.central), ("flop_low", stored.flop.low, fresh.flop.low),
        ("flop_high", stored.flop.high, fresh.flop.high), ("cumulative_central", stored.cumulativeFlop.central, fresh.cumulative.central),
        ("cumulative_low", stored.cumulativeFlop.low, fresh.cumulative.low),
        ("cumulative_high", stored.cumulativeFlop.high, fresh.cumulative.high),
      ]
      for (column, have, value) in figures where have != value {
        outcome.problems.append("run \(id): \(column) is \(have), but re-assessing its document as of \(day) gives \(value)")
      }
      if try tx.statusesText(of: id) != fresh.statuses {
        outcome.problems.append("run \(id): its rule statuses are not what re-assessing its document as of \(day) gives")
      }
      outcome.problems += compareObligations(try tx.obligationStates(of: id), id: id, fresh: fresh.obligations, day: day)
    }
    return outcome
  }

  static func compareObligations(
    _ stored: [String: (status: String, due: String?)], id: String, fresh: [RunRow.ObligationRow], day: CalendarDate
  ) -> [String] {
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
