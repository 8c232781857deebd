/// The forecast as `JSONOutput` prints it, written directly: the server answers every progress
/// report with it, and Foundation's `JSONEncoder` was a sixth of the server's time. Byte for byte
/// what `JSONEncoder` gives with `JSONOutput`'s settings (a test compares them on random values):
/// keys in sorted order, two-space indent, `"key" : value`, doubles as `description` without a
/// trailing `.0`, absent optionals left out.
extension ProgressForecast: JSONTextEncodable {
  public func jsonText() -> String? {
    let numbers = [done, flopNow, flopPerUnit, flopProjected, planned ?? 0, ratePerDay ?? 0] + crossings.map(\.threshold)
    guard numbers.allSatisfy(\.isFinite) else { return nil }
    var out = "{\n"
    out.reserveCapacity(1024 + crossings.count * 400)
    var first = true
    func key(_ name: String, indent: String) {
      out += first ? "" : ",\n"
      first = false
      out += indent + "\"" + name + "\" : "
    }
    key("crossings", indent: "  ")
    if crossings.isEmpty {
      out += "[\n\n  ]"
    } else {
      out += "[\n"
      for (index, crossing) in crossings.enumerated() {
        out += index == 0 ? "    {\n" : ",\n    {\n"
        first = true
        key("crossed", indent: "      "); out += crossing.crossed ? "true" : "false"
        if let date = crossing.date { key("date", indent: "      "); JSONOutput.quote(date, into: &out) }
        key("known_on", indent: "      "); JSONOutput.quote(crossing.knownOn, into: &out)
        if let due = crossing.notificationDue { key("notification_due", indent: "      "); JSONOutput.quote(due, into: &out) }
        key("regime", indent: "      "); JSONOutput.quote(crossing.regime, into: &out)
        key("rule", indent: "      "); JSONOutput.quote(crossing.rule, into: &out)
        key("threshold", indent: "      "); out += JSONOutput.number(crossing.threshold)
        out += "\n    }"
      }
      out += "\n  ]"
    }
    first = false
    key("done", indent: "  "); out += JSONOutput.number(done)
    key("flop_now", indent: "  "); out += JSONOutput.number(flopNow)
    key("flop_per_unit", indent: "  "); out += JSONOutput.number(flopPerUnit)
    key("flop_projected", indent: "  "); out += JSONOutput.number(flopProjected)
    key("notes", indent: "  ")
    if notes.isEmpty {
      out += "[\n\n  ]"
    } else {
      out += "[\n"
      for (index, note) in notes.enumerated() {
        out += index == 0 ? "    " : ",\n    "
        JSONOutput.quote(note, into: &out)
      }
      out += "\n  ]"
    }
    if let planned { key("planned", indent: "  "); out += JSONOutput.number(planned) }
    if let projectedEnd { key("projected_end", indent: "  "); JSONOutput.quote(projectedEnd, into: &out) }
    if let ratePerDay { key("rate_per_day", indent: "  "); out += JSONOutput.number(ratePerDay) }
    key("unit", indent: "  "); JSONOutput.quote(unit, into: &out)
    return out + "\n}"
  }
}
