import FlopCore

/// What changed between two versions of a set of regimes, rule by rule.
public struct RegimeDiff: Sendable, Codable {
  /// One change, in words, with where it is.
  public struct Change: Sendable, Codable, Hashable {
    public var regime: String
    public var rule: String?
    public var kind: String
    public var old: String?
    public var new: String?
  }

  public var changes: [Change]

  public static func compare(old: [Regime], new: [Regime]) -> RegimeDiff {
    var changes: [Change] = []
    let oldByID = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let newByID = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for id in Set(oldByID.keys).union(newByID.keys).sorted() {
      switch (oldByID[id], newByID[id]) {
      case (nil, let n?):
        changes.append(Change(regime: id, kind: "regime added", new: "\(n.title) (\(n.status.rawValue), version \(n.version))"))
      case (let o?, nil):
        changes.append(Change(regime: id, kind: "regime removed", old: "\(o.title) (version \(o.version))"))
      case (let o?, let n?):
        changes += compare(o, n)
      default: break
      }
    }
    return RegimeDiff(changes: changes)
  }

  static func compare(_ o: Regime, _ n: Regime) -> [Change] {
    var changes: [Change] = []
    func note(_ kind: String, _ old: String, _ new: String, rule: String? = nil) {
      if old != new { changes.append(Change(regime: o.id, rule: rule, kind: kind, old: old, new: new)) }
    }
    note("version", o.version, n.version)
    note("status", o.status.rawValue, n.status.rawValue)
    note("title", o.title, n.title)
    note("instrument", o.instrument, n.instrument)
    let oldRules = Dictionary(o.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let newRules = Dictionary(n.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for id in Set(oldRules.keys).union(newRules.keys).sorted() {
      switch (oldRules[id], newRules[id]) {
      case (nil, let r?):
        changes.append(Change(regime: o.id, rule: id, kind: "rule added", new: "\(r.title): \(r.when)"))
      case (let r?, nil):
        changes.append(Change(regime: o.id, rule: id, kind: "rule removed", old: "\(r.title): \(r.when)"))
      case (let a?, let b?):
        note("title", a.title, b.title, rule: id)
        note("condition", a.when.description, b.when.description, rule: id)
        note("effective from", a.effectiveFrom?.description ?? "—", b.effectiveFrom?.description ?? "—", rule: id)
        note("effective until", a.effectiveUntil?.description ?? "—", b.effectiveUntil?.description ?? "—", rule: id)
        note("markets", a.markets.joined(separator: ", "), b.markets.joined(separator: ", "), rule: id)
        let oldObligations = Dictionary(a.obligations.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let newObligations = Dictionary(b.obligations.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        for oid in Set(oldObligations.keys).union(newObligations.keys).sorted() {
          switch (oldObligations[oid], newObligations[oid]) {
          case (nil, let x?): changes.append(Change(regime: o.id, rule: id, kind: "obligation added", new: "\(oid): \(x.title) \(x.deadline.map(describe) ?? "")"))
          case (let x?, nil): changes.append(Change(regime: o.id, rule: id, kind: "obligation removed", old: "\(oid): \(x.title)"))
          case (let x?, let y?):
            note("obligation \(oid) deadline", x.deadline.map(describe) ?? "—", y.deadline.map(describe) ?? "—", rule: id)
            note("obligation \(oid) title", x.title, y.title, rule: id)
          default: break
          }
        }
      default: break
      }
    }
    return changes
  }

  /// A deadline in words.
  public static func describe(_ deadline: Deadline) -> String {
    "\(deadline.days) days after \(deadline.after.rawValue)" + (deadline.repeatDays.map { ", every \($0) days" } ?? "")
  }
}
