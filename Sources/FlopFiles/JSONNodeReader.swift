import Yams

/// Reads strict JSON into the Yams nodes that `Yams.compose` builds from the same text.
///
/// A bulk registry import reads one JSON document per line; going through libyaml's tokenizer,
/// Yams's event loop and its duplicate-key pass was the largest single cost per run. This reader
/// builds the same node shapes (objects as mappings, arrays as sequences, strings as double-quoted
/// scalars, numbers, `true`, `false` and `null` as plain scalars keeping their text) without
/// positions. It accepts only strict JSON: anything else is handed back to Yams by the caller, so
/// what is accepted and every error message stay those of the YAML path.
enum JSONNodeReader {
  struct Failure: Error {}

  /// Nesting deeper than this is left to the YAML path (run documents nest a few levels).
  static let maximumDepth = 64

  // Shared tags: their names are explicit, so Yams never rewrites them in place.
  nonisolated(unsafe) static let stringTag = Tag(.str)
  nonisolated(unsafe) static let mappingTag = Tag(.map)
  nonisolated(unsafe) static let sequenceTag = Tag(.seq)

  static func read(_ text: String) throws(Failure) -> Node {
    var utf8 = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
    utf8.append(0)  // a sentinel: every look-ahead can read one byte past the end
    var cursor = Cursor(bytes: utf8, end: utf8.count - 1)
    cursor.skipWhitespace()
    let node = try cursor.value(depth: 0)
    cursor.skipWhitespace()
    guard cursor.index == cursor.end else { throw Failure() }
    return node
  }

  struct Cursor {
    let bytes: [UInt8]
    let end: Int
    var index = 0

    init(bytes: [UInt8], end: Int) {
      self.bytes = bytes
      self.end = end
    }

    mutating func skipWhitespace() {
      while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func value(depth: Int) throws(Failure) -> Node {
      guard index < end, depth < JSONNodeReader.maximumDepth else { throw Failure() }
      switch bytes[index] {
      case UInt8(ascii: "{"): return try object(depth: depth)
      case UInt8(ascii: "["): return try array(depth: depth)
      case UInt8(ascii: "\""): return .scalar(Node.Scalar(try string(), JSONNodeReader.stringTag, .doubleQuoted))
      case UInt8(ascii: "t"): return try literal("true")
      case UInt8(ascii: "f"): return try literal("false")
      case UInt8(ascii: "n"): return try literal("null")
      default: return try number()
      }
    }

    mutating func object(depth: Int) throws(Failure) -> Node {
      index += 1
      var pairs: [(Node, Node)] = []
      skipWhitespace()
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .mapping(Node.Mapping(pairs, JSONNodeReader.mappingTag, .flow))
      }
      while true {
        skipWhitespace()
        guard bytes[index] == UInt8(ascii: "\"") else { throw Failure() }
        let key = Node.scalar(Node.Scalar(try string(), JSONNodeReader.stringTag, .doubleQuoted))
        skipWhitespace()
        guard bytes[index] == UInt8(ascii: ":") else { throw Failure() }
        index += 1
        skipWhitespace()
        pairs.append((key, try value(depth: depth + 1)))
        skipWhitespace()
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "}"):
          index += 1
          return .mapping(Node.Mapping(pairs, JSONNodeReader.mappingTag, .flow))
        default: throw Failure()
        }
      }
    }

    mutating func array(depth: Int) throws(Failure) -> Node {
      index += 1
      var items: [Node] = []
      skipWhitespace()
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .sequence(Node.Sequence(items, JSONNodeReader.sequenceTag, .flow))
      }
      while true {
        skipWhitespace()
        items.append(try value(depth: depth + 1))
        skipWhitespace()
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "]"):
          index += 1
          return .sequence(Node.Sequence(items, JSONNodeReader.sequenceTag, .flow))
        default: throw Failure()
        }
      }
    }

    mutating func literal(_ word: StaticString) throws(Failure) -> Node {
      let count = word.utf8CodeUnitCount
      guard end - index >= count else { throw Failure() }
      for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Failure() }
      index += count
      return .scalar(Node.Scalar(String(decoding: bytes[index - count..<index], as: UTF8.self), JSONNodeReader.stringTag, .plain))
    }

    /// A number as JSON defines it (RFC 8259 §6), kept as its text.
    mutating func number() throws(Failure) -> Node {
      let start = index
      if bytes[index] == UInt8(ascii: "-") { index += 1 }
      if bytes[index] == UInt8(ascii: "0") {
        index += 1
      } else {
        guard isDigit(bytes[index]) else { throw Failure() }
        while isDigit(bytes[index]) { index += 1 }
      }
      if bytes[index] == UInt8(ascii: ".") {
        index += 1
        guard isDigit(bytes[index]) else { throw Failure() }
        while isDigit(bytes[index]) { index += 1 }
      }
      if bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        index += 1
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(bytes[index]) else { throw Failure() }
        while isDigit(bytes[index]) { index += 1 }
      }
      return .scalar(Node.Scalar(String(decoding: bytes[start..<index], as: UTF8.self), JSONNodeReader.stringTag, .plain))
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A string's contents, escapes decoded.
    mutating func string() throws(Failure) -> String {
      index += 1
      let start = index
      while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
      guard index < end else { throw Failure() }
      if bytes[index] == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: bytes[start..<index - 1], as: UTF8.self)
      }
      var decoded = Array(bytes[start..<index])
      while true {
        guard index < end else { throw Failure() }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          return String(decoding: decoded, as: UTF8.self)
        case UInt8(ascii: "\\"):
          index += 1
          try escape(into: &decoded)
        case 0..<0x20:
          throw Failure()
        default:
          decoded.append(byte)
          index += 1
        }
      }
    }

    mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
      guard index < end else { throw Failure() }
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
      case UInt8(ascii: "b"): decoded.append(0x08)
      case UInt8(ascii: "f"): decoded.append(0x0C)
      case UInt8(ascii: "n"): decoded.append(0x0A)
      case UInt8(ascii: "r"): decoded.append(0x0D)
      case UInt8(ascii: "t"): decoded.append(0x09)
      case UInt8(ascii: "u"):
        let scalar = try hex4()
        // Surrogate escapes (which libyaml refuses) and NUL are left to the YAML path, so such a
        // line is accepted or refused exactly as before.
        guard scalar != 0, let unicode = Unicode.Scalar(scalar) else { throw Failure() }
        decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
      default:
        throw Failure()
      }
    }

    mutating func hex4() throws(Failure) -> UInt32 {
      guard end - index >= 4 else { throw Failure() }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[index]
        let digit: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: throw Failure()
        }
        value = value << 4 | UInt32(digit)
        index += 1
      }
      return value
    }
  }
}
