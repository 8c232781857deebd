import FlopCore
import FlopRegistry

extension RunFilter {
  /// The names of the filters `registry list` and `GET /api/v1/runs` share, as the API spells
  /// them (the command line's flags are these with dashes: `min_flop` is `--min-flop`).
  public static let queryFields = ["status", "min_flop", "max_flop", "rule", "developer", "since", "until", "search", "sort", "desc", "limit", "offset"]

  /// A filter from text values keyed by `queryFields`; `spelled` names a field in messages as
  /// the caller's user wrote it, so the command line and the API refuse bad values alike.
  public init(query: [String: String], spelled: (String) -> String) throws(EngineError) {
    self.init()
    if let status = query["status"] {
      guard Run.Status(rawValue: status) != nil else {
        throw EngineError("\(spelled("status")): unknown value '\(status)' (expected one of \(Run.Status.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      self.status = status
    }
    do {
      minFLOP = try query["min_flop"].map { text throws -> Double in try Quantity.parse(text, field: spelled("min_flop")) }
      maxFLOP = try query["max_flop"].map { text throws -> Double in try Quantity.parse(text, field: spelled("max_flop")) }
    } catch {
      throw EngineError("\(error)")
    }
    if let rule = query["rule"] {
      let parts = rule.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw EngineError("\(spelled("rule")): '\(rule)' should be RULE=STATUS, such as eu-ai-act/systemic-risk-presumption=met")
      }
      self.rule = (parts[0], parts[1])
    }
    developer = query["developer"]
    if let since = query["since"] {
      guard CalendarDate(since) != nil else { throw EngineError("\(spelled("since")): '\(since)' is not a valid date (expected YYYY-MM-DD)") }
      self.since = since
    }
    if let until = query["until"] {
      guard CalendarDate(until) != nil else { throw EngineError("\(spelled("until")): '\(until)' is not a valid date (expected YYYY-MM-DD)") }
      self.until = until
    }
    search = query["search"]
    if let sort = query["sort"] {
      guard let order = Sort(rawValue: sort) else {
        throw EngineError("\(spelled("sort")): unknown value '\(sort)' (expected one of \(Sort.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      self.sort = order
    }
    if let desc = query["desc"] {
      guard let flag = Bool(desc) else { throw EngineError("\(spelled("desc")): '\(desc)' is not true or false") }
      descending = flag
    }
    if let limit = query["limit"] {
      guard let count = Int(limit), count >= 0 else { throw EngineError("\(spelled("limit")): must be zero or more") }
      self.limit = count
    }
    if let offset = query["offset"] {
      guard let count = Int(offset), count >= 0 else { throw EngineError("\(spelled("offset")): must be zero or more") }
      self.offset = count
    }
  }
}
