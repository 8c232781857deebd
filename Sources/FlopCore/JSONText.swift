/// JSON string literals, written by hand where output must be canonical and fast.
public enum JSONText {
  /// Appends `text` as a JSON string literal (RFC 8259 escapes).
  public static func quote(_ text: String, into out: inout String) {
    // Fast path: ids, statuses and hashes have nothing to escape.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
      out += "\""
      out += text
      out += "\""
      return
    }
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
