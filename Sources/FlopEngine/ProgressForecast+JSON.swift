import FlopCore

/// The forecast as `JSONOutput` prints it, written directly: the server answers every progress
/// report with it, and Foundation's `JSONEncoder` was a sixth of the server's time. Byte for byte
/// what `JSONEncoder` gives with `JSONOutput`'s settings (a test compares them on random values):
/// keys in sorted order, two-space indent, `"key" : value`, doubles as `description` without a
/// trailing `.0`, absent optionals left out.
extension ProgressForecast: JSONTextEncodable {
  public func jsonText() -> String? {
    let numbers = [done, flopNow, flopPerUnit, flopProjected, planned ?? 0, ratePerDay ?? 0] + crossings.map(\.threshold)
    guard numbers.allSatisfy(\.isFinite) else { return nil }
    var out = PrettyObject(indent: "  ")
    out.list("crossings", crossings) { crossing, text in
      var object = PrettyObject(indent: "      ")
      object.raw("crossed", crossing.crossed ? "true" : "false")
      object.string("date", crossing.date)
      object.string("known_on", crossing.knownOn)
      object.string("notification_due", crossing.notificationDue)
      object.string("regime", crossing.regime)
      object.string("rule", crossing.rule)
      object.number("threshold", crossing.threshold)
      text += object.closed
    }
    out.number("done", done)
    out.number("flop_now", flopNow)
    out.number("flop_per_unit", flopPerUnit)
    out.number("flop_projected", flopProjected)
    out.list("notes", notes) { note, text in JSONText.quote(note, into: &text, namingBackspaceAndFormFeed: true) }
    out.number("planned", planned)
    out.string("projected_end", projectedEnd)
    out.number("rate_per_day", ratePerDay)
    out.string("unit", unit)
    return out.closed
  }
}

/// A JSON object in `JSONEncoder`'s pretty layout, keys given in sorted order; nil values are
/// left out, as `encodeIfPresent` leaves them.
private struct PrettyObject {
  let indent: String
  var text = "{\n"
  var empty = true

  /// The object's closing brace is indented two spaces less than its keys.
  var closed: String { text + "\n" + indent.dropLast(2) + "}" }

  mutating func raw(_ key: String, _ value: String) {
    text += (empty ? "" : ",\n") + indent + "\"" + key + "\" : " + value
    empty = false
  }

  mutating func string(_ key: String, _ value: String?) {
    guard let value else { return }
    var quoted = ""
    JSONText.quote(value, into: &quoted, namingBackspaceAndFormFeed: true)
    raw(key, quoted)
  }

  mutating func number(_ key: String, _ value: Double?) {
    guard let value else { return }
    let text = value.description
    raw(key, text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
  }

  /// An array, each item written by `write` at the next indent.
  mutating func list<Item>(_ key: String, _ items: [Item], _ write: (Item, inout String) -> Void) {
    let inner = indent + "  "
    guard !items.isEmpty else { return raw(key, "[\n\n" + indent + "]") }
    var value = "[\n"
    for (index, item) in items.enumerated() {
      value += index == 0 ? inner : ",\n" + inner
      write(item, &value)
    }
    raw(key, value + "\n" + indent + "]")
  }
}
