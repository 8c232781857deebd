import FlopCore
import FlopFiles
import FlopRules

/// The statuses column's keys for one threshold set, sorted and quoted once.
///
/// Every run checked against a set gets its rule results in the same order, so the column
/// (`{"regime/rule":"status",…}`, keys sorted) differs between runs only in the statuses. A bulk
/// import writes it for every run; building, sorting and quoting sixteen keys each time was a
/// twelfth of the import's time.
public struct StatusesLayout: Sendable {
  /// The (regime, rule) of each result, in check order.
  let order: [(regime: String, rule: String)]
  /// For each output position, the result index it shows and, for each status (in
  /// `RuleStatus.allCases` order), the UTF-8 of `,"regime/rule":"status"` (`{` first).
  let slots: [(result: Int, texts: [[UInt8]])]

  /// The layout of the results `RuleEvaluator.check(set)` gives.
  public init(_ set: ThresholdSet) {
    order = set.regimes.flatMap { loaded in loaded.regime.rules.map { (loaded.regime.id, $0.id) } }
    let keys = order.map { $0.regime + "/" + $0.rule }
    let sorted = keys.indices.sorted { keys[$0] < keys[$1] }
    slots = sorted.enumerated().map { position, index in
      var prefix = position == 0 ? "{" : ","
      JSONText.quote(keys[index], into: &prefix)
      return (index, RuleStatus.allCases.map { status in
        var text = prefix + ":"
        JSONText.quote(status.rawValue, into: &text)
        return Array(text.utf8)
      })
    }
  }

  /// The column for `results`, or nil when they are not this set's results in check order.
  func statuses(_ results: [RuleResult]) -> String? {
    guard results.count == order.count else { return nil }
    for (result, key) in zip(results, order) where result.regime != key.regime || result.rule != key.rule { return nil }
    guard !slots.isEmpty else { return "{}" }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(slots.count * 48)
    for slot in slots {
      let status = results[slot.result].status
      bytes += slot.texts[RuleStatus.allCases.firstIndex(of: status) ?? 0]
    }
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
  }
}
