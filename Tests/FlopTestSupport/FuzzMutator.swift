/// A seeded byte-level mutator for the parser fuzz tests: flips, inserts edge-case tokens, deletes
/// and duplicates spans.
public enum FuzzMutator {
  /// Tokens that exercise the parsers' edges: aliases, nesting, huge and odd numbers, quoting.
  public static let dictionary = [
    "&a ", "*a", "{", "}", "[", "]", ": ", ", ", "\n", "  ", "\"", "'", "null", "~", "true", "1e308", "-1", "0", "nan",
    ".inf", "1e-320", "9223372036854775807", "\\u0000", "#", "- ", "!!binary ", "<<: *a", "%YAML 1.1\n", "405B", "1/3",
    "{all: [*a, *a]}", "{not: ", "kind: ", "flop: ", "days: ", "\u{FEFF}", "\u{7F}", "é",
  ]

  public static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<(1 + Int(random.next() % 4)) {
      let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
      switch random.next() % 5 {
      case 0 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next())
      case 1:
        let token = dictionary[Int(random.next() % UInt64(dictionary.count))]
        bytes.insert(contentsOf: Array(token.utf8), at: position)
      case 2 where !bytes.isEmpty:
        bytes.removeSubrange(position..<min(bytes.count, position + 1 + Int(random.next() % 16)))
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + 1 + Int(random.next() % 32))
        bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
      default:
        let other = Array(dictionary[Int(random.next() % UInt64(dictionary.count))].utf8)
        bytes.append(contentsOf: other)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

}
