#if canImport(Glibc)
import Glibc
#endif

/// One strict-JSON document read into a flat array of nodes over its bytes.
///
/// A bulk registry import reads one JSON document per line. Building Yams nodes for it (a string,
/// a tag and an array of pairs per node) and then a path string per key cost more than estimating
/// and checking the run; this reader makes two allocations per document and computes a node's
/// path only when an error names it. It accepts only strict JSON (RFC 8259) that libyaml also
/// accepts: anything else (YAML flow style, `\u0000`, surrogate escapes, deep nesting) is left to
/// the YAML parser by the caller, so what is accepted and every message stay those of the YAML path.
/// An immutable buffer shared by the values that view it.
public final class JSONTree: Sendable {
  enum Kind: UInt8 { case object, array, string, number, trueLiteral, falseLiteral, null }

  struct Node {
    var kind: Kind
    /// The string contains escapes (decode before use).
    var escaped = false
    var keyEscaped = false
    /// The scalar's text: a string's contents without quotes, or a number's or literal's token.
    var start: Int32 = 0
    var end: Int32 = 0
    /// The member's key (contents without quotes), for members of an object.
    var keyStart: Int32 = -1
    var keyEnd: Int32 = -1
    var parent: Int32 = -1
    /// The position among the parent's children.
    var position: Int32 = 0
    /// The index just past this node's subtree: its next sibling, if any.
    var next: Int32 = 0
  }

  /// Nesting deeper than this is left to the YAML path (run documents nest a few levels).
  static let maximumDepth = 64

  let bytes: [UInt8]
  let nodes: [Node]
  let file: String

  private init(bytes: [UInt8], nodes: [Node], file: String) {
    self.bytes = bytes
    self.nodes = nodes
    self.file = file
  }

  /// Whether `text` is exactly one JSON number (RFC 8259 §6): the one number grammar that the
  /// strict reader, the audit log's values and the export's conversion from YAML share.
  public static func isNumber(_ text: String) -> Bool {
    guard let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39),
      let last = text.utf8.last, last >= 0x30 && last <= 0x39, let root = parse(text, file: "")
    else { return false }
    if case .number = root.shape { return true }
    return false
  }

  /// The document's root, or nil when `text` is not strict JSON.
  public static func parse(_ text: String, file: String) -> JSONTreeValue? {
    var bytes = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
    guard bytes.count < Int32.max else { return nil }
    bytes.append(0)  // a sentinel: every look-ahead can read one byte past the end
    var builder = Builder(bytes: bytes)
    do {
      builder.skipWhitespace()
      try builder.value(depth: 0, parent: -1, position: 0)
      builder.skipWhitespace()
      guard builder.index == builder.end else { return nil }
    } catch {
      return nil
    }
    return JSONTreeValue(tree: JSONTree(bytes: bytes, nodes: builder.nodes, file: file), index: 0)
  }

  /// The decoded text of a string or the token of another scalar.
  func text(_ start: Int32, _ end: Int32, escaped: Bool) -> String {
    Self.decode(bytes, start, end, escaped: escaped)
  }

  static func decode(_ bytes: [UInt8], _ start: Int32, _ end: Int32, escaped: Bool) -> String {
    let range = Int(start)..<Int(end)
    guard escaped else { return String(decoding: bytes[range], as: UTF8.self) }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(range.count)
    var index = range.lowerBound
    while index < range.upperBound {
      let byte = bytes[index]
      index += 1
      guard byte == UInt8(ascii: "\\") else {
        decoded.append(byte)
        continue
      }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "b"): decoded.append(0x08)
      case UInt8(ascii: "f"): decoded.append(0x0C)
      case UInt8(ascii: "n"): decoded.append(0x0A)
      case UInt8(ascii: "r"): decoded.append(0x0D)
      case UInt8(ascii: "t"): decoded.append(0x09)
      case UInt8(ascii: "u"):
        // Validated while building: four hex digits naming a scalar that is neither NUL nor a surrogate.
        let value = bytes[index..<index + 4].reduce(UInt32(0)) { $0 << 4 | UInt32(Builder.hexDigit($1) ?? 0) }
        index += 4
        decoded.append(contentsOf: Array(String(Character(Unicode.Scalar(value) ?? "\u{FFFD}")).utf8))
      default: decoded.append(escape)  // \" \\ \/
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }

  /// The indices of a node's children, in order: the first follows its parent, and each
  /// child's `next` leads to the one after it.
  struct Children: Sequence, IteratorProtocol {
    let nodes: [Node]
    private var child: Int32
    private let end: Int32

    init(nodes: [Node], parent: Int32) {
      self.nodes = nodes
      child = parent + 1
      end = nodes[Int(parent)].next
    }

    mutating func next() -> Int32? {
      guard child < end else { return nil }
      defer { child = nodes[Int(child)].next }
      return child
    }
  }

  /// Whether a member's key equals `key`.
  func key(of node: Node, equals key: String) -> Bool {
    if node.keyEscaped { return text(node.keyStart, node.keyEnd, escaped: true) == key }
    let start = Int(node.keyStart)
    let length = Int(node.keyEnd - node.keyStart)
    guard key.utf8.count == length else { return false }
    guard length > 0 else { return true }
    // The parser looks keys up many times per document: compare memory, not characters.
    return key.utf8.withContiguousStorageIfAvailable { utf8 in
      bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, utf8.baseAddress!, length) == 0 }
    } ?? key.utf8.elementsEqual(bytes[start..<start + length])
  }

  /// Builds the node array in document order (a node's children follow it).
  struct Builder {
    struct Failure: Error {}

    let bytes: [UInt8]
    let end: Int
    var index = 0
    var nodes: [Node] = []

    init(bytes: [UInt8]) {
      self.bytes = bytes
      self.end = bytes.count - 1
      nodes.reserveCapacity(bytes.count / 12 + 4)
    }

    mutating func skipWhitespace() {
      while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    /// Reads a value into a new node; returns its index.
    @discardableResult
    mutating func value(depth: Int, parent: Int32, position: Int32, key: (Int32, Int32, Bool)? = nil) throws(Failure) -> Int32 {
      guard index < end, depth < JSONTree.maximumDepth else { throw Failure() }
      let at = Int32(nodes.count)
      var node = Node(kind: .null, parent: parent, position: position)
      if let key { (node.keyStart, node.keyEnd, node.keyEscaped) = key }
      switch bytes[index] {
      case UInt8(ascii: "{"):
        node.kind = .object
        nodes.append(node)
        try object(depth: depth, at: at)
      case UInt8(ascii: "["):
        node.kind = .array
        nodes.append(node)
        try array(depth: depth, at: at)
      case UInt8(ascii: "\""):
        node.kind = .string
        (node.start, node.end, node.escaped) = try string()
        nodes.append(node)
      case UInt8(ascii: "t"):
        node.kind = .trueLiteral
        (node.start, node.end) = try literal("true")
        nodes.append(node)
      case UInt8(ascii: "f"):
        node.kind = .falseLiteral
        (node.start, node.end) = try literal("false")
        nodes.append(node)
      case UInt8(ascii: "n"):
        node.kind = .null
        (node.start, node.end) = try literal("null")
        nodes.append(node)
      default:
        node.kind = .number
        (node.start, node.end) = try number()
        nodes.append(node)
      }
      nodes[Int(at)].next = Int32(nodes.count)
      return at
    }

    mutating func object(depth: Int, at: Int32) throws(Failure) {
      index += 1
      skipWhitespace()
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return
      }
      var position: Int32 = 0
      while true {
        skipWhitespace()
        guard bytes[index] == UInt8(ascii: "\"") else { throw Failure() }
        let key = try string()
        skipWhitespace()
        guard bytes[index] == UInt8(ascii: ":") else { throw Failure() }
        index += 1
        skipWhitespace()
        try value(depth: depth + 1, parent: at, position: position, key: key)
        position += 1
        skipWhitespace()
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "}"):
          index += 1
          try refuseDuplicateKeys(in: at)
          return
        default: throw Failure()
        }
      }
    }

    /// Yams refuses a document with a repeated key before anything is validated; such a line is
    /// left to it, so it gets that message.
    func refuseDuplicateKeys(in object: Int32) throws(Failure) {
      let end = Int(nodes[Int(object)].next == 0 ? Int32(nodes.count) : nodes[Int(object)].next)
      var count = 0
      var walk = Int(object) + 1
      while walk < end, count <= 16 {
        count += 1
        walk = Int(nodes[walk].next)
      }
      // Pairwise comparison is quadratic: beyond a run document's few keys, a set of the decoded keys.
      if count > 16 {
        var seen = Set<String>()
        var member = Int(object) + 1
        while member < end {
          let node = nodes[member]
          guard seen.insert(JSONTree.decode(bytes, node.keyStart, node.keyEnd, escaped: node.keyEscaped)).inserted else { throw Failure() }
          member = Int(node.next)
        }
        return
      }
      var member = Int(object) + 1
      while member < end {
        let a = nodes[member]
        var other = Int(a.next)
        while other < end {
          let b = nodes[other]
          let same = a.keyEscaped || b.keyEscaped
            ? JSONTree.decode(bytes, a.keyStart, a.keyEnd, escaped: a.keyEscaped) == JSONTree.decode(bytes, b.keyStart, b.keyEnd, escaped: b.keyEscaped)
            : a.keyEnd - a.keyStart == b.keyEnd - b.keyStart && keyBytes(a).elementsEqual(keyBytes(b))
          if same { throw Failure() }
          other = Int(b.next)
        }
        member = Int(a.next)
      }
    }

    func keyBytes(_ node: Node) -> ArraySlice<UInt8> { bytes[Int(node.keyStart)..<Int(node.keyEnd)] }

    mutating func array(depth: Int, at: Int32) throws(Failure) {
      index += 1
      skipWhitespace()
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return
      }
      var position: Int32 = 0
      while true {
        skipWhitespace()
        try value(depth: depth + 1, parent: at, position: position)
        position += 1
        skipWhitespace()
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "]"):
          index += 1
          return
        default: throw Failure()
        }
      }
    }

    mutating func literal(_ word: StaticString) throws(Failure) -> (Int32, Int32) {
      let count = word.utf8CodeUnitCount
      guard end - index >= count else { throw Failure() }
      for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Failure() }
      index += count
      return (Int32(index - count), Int32(index))
    }

    /// A number as JSON defines it (RFC 8259 §6), kept as its text.
    mutating func number() throws(Failure) -> (Int32, Int32) {
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
      return (Int32(start), Int32(index))
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A string's contents (without quotes) and whether it has escapes, which are validated here.
    mutating func string() throws(Failure) -> (Int32, Int32, Bool) {
      index += 1
      let start = index
      var escaped = false
      while true {
        guard index < end else { throw Failure() }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\""):
          index += 1
          return (Int32(start), Int32(index - 1), escaped)
        case UInt8(ascii: "\\"):
          escaped = true
          index += 1
          try escape()
        case 0..<0x20, 0x7F:
          throw Failure()
        case 0xC2 where (0x80...0x9F).contains(bytes[index + 1]) && bytes[index + 1] != 0x85:
          throw Failure()  // C1 controls: libyaml refuses them unescaped
        case 0xEF where bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
          throw Failure()  // U+FFFE, U+FFFF: likewise
        default:
          index += 1
        }
      }
    }

    mutating func escape() throws(Failure) {
      guard index < end else { throw Failure() }
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
        UInt8(ascii: "r"), UInt8(ascii: "t"):
        return
      case UInt8(ascii: "u"):
        guard end - index >= 4 else { throw Failure() }
        var value: UInt32 = 0
        for _ in 0..<4 {
          guard let digit = Self.hexDigit(bytes[index]) else { throw Failure() }
          value = value << 4 | UInt32(digit)
          index += 1
        }
        // Surrogate escapes (which libyaml refuses) and NUL are left to the YAML path, so such a
        // line is accepted or refused exactly as a file would be.
        guard value != 0, Unicode.Scalar(value) != nil else { throw Failure() }
      default:
        throw Failure()
      }
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
      default: return nil
      }
    }
  }
}
