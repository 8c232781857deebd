import FlopCore
import Foundation
import Testing
import Yams

@testable import FlopFiles
import FlopTestSupport

/// `RunFileParser.parseLine` reads strict JSON through `JSONTree`; it must give exactly what the
/// YAML path gives (the same run, or the same field and message), faster.
@Suite struct JSONFastPathTests {
  /// Node kinds, scalar styles (plain or quoted) and texts, recursively; positions left out.
  static func shape(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return (scalar.style == .plain ? "p:" : "q:") + scalar.string.debugDescription
    case .mapping(let mapping): return "{" + mapping.map { shape($0.key) + "=" + shape($0.value) }.joined(separator: ",") + "}"
    case .sequence(let sequence): return "[" + sequence.map(shape).joined(separator: ",") + "]"
    case .alias: return "alias"
    }
  }

  /// The same shape read from a tree.
  static func shape(_ value: JSONTreeValue) -> String {
    switch value.node.kind {
    case .object:
      return "{" + value.children.map { index -> String in
        let member = value.tree.nodes[Int(index)]
        let key = value.tree.text(member.keyStart, member.keyEnd, escaped: member.keyEscaped)
        return "q:" + key.debugDescription + "=" + shape(JSONTreeValue(tree: value.tree, index: index))
      }.joined(separator: ",") + "}"
    case .array: return "[" + value.children.map { shape(JSONTreeValue(tree: value.tree, index: $0)) }.joined(separator: ",") + "]"
    case .string: return "q:" + (value.scalarText ?? "").debugDescription
    default: return "p:" + (value.scalarText ?? "").debugDescription
    }
  }

  static let strictJSON = [
    #"{"a": 1, "b": [true, false, null], "c": {"d": []}, "e": {}}"#,
    #"  {"s": "a\"b\\c\/d\b\f\n\r\t", "u": "\u00e9\u4e2d é 中 😀"}  "#,
    #"{"n": [0, -0, 1.5e-3, 1E+2, -12.5, 405e9, 1000000000.0, 2.6e10]}"#,
    #"{"deep": [[[[{"x": ["y"]}]]]], "empty": "", "spaces": " a  b ", "k\u0065y": "v", "\n": 1}"#,
    #"{"flopwatch":1,"id":"run-1","model":{"parameters":1e9,"modalities":["text"]},"stages":[{"kind":"pre-training","tokens":1e10}]}"#,
    #"["list", "at", {"the": "root"}]"#, #""just text""#, "12", "null",
  ]

  @Test(arguments: strictJSON)
  func strictJSONIsReadAsYAMLReadsIt(text: String) throws {
    let tree = try #require(JSONTree.parse(text, file: "t.jsonl"), "strict JSON must take the fast path")
    let yaml = try YAMLValue.parse(text, file: "t.jsonl")
    #expect(tree.line == nil)
    #expect(Self.shape(tree) == Self.shape(yaml.node))
  }

  static let notStrictJSON = [
    #"{flopwatch: 1, id: run-1}"#,  // YAML flow style: accepted through YAML
    #"{"a": 1,}"#, #"{"a": 'x'}"#, #"{"a": 01}"#, #"{"a": .5}"#, #"{"a": "\u0000"}"#, #"{"a": "\ud800"}"#, #"{"a": "\ud83d\ude00"}"#,
    "{\"a\": \"tab\tinside\"}", #"{"a": 1} trailing"#, #"{"a": [1, 2}"#, #"{"a"}"#, #"{"a": tru}"#, "",
    "{\"a\": \"del\u{7F}\"}", "{\"a\": \"c1\u{85}\u{9F}\"}", "{\"a\": \"\u{FFFE}\"}",
    #"{"a": 1, "b": {"c": 2, "c": 3}}"#, #"{"k\u0065y": 1, "key": 2}"#,  // repeated keys: Yams's message
    String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
  ]

  @Test(arguments: notStrictJSON)
  func anythingElseIsLeftToYAML(text: String) {
    #expect(JSONTree.parse(text, file: "t.jsonl") == nil)
  }

  /// Both paths on one line: the same run, or the same field and message.
  static func agree(_ text: String) -> Bool {
    let fast = Result { () throws(FlopFilesError) in try RunFileParser.parseLine(text, file: "t.jsonl") }
    let yaml = Result { () throws(FlopFilesError) in try RunFileParser.parse(root: try YAMLValue.parse(text, file: "t.jsonl"), text: text) }
    switch (fast, yaml) {
    case (.success(let a), .success(let b)): return a.run == b.run && a.text == b.text
    case (.failure(let a), .failure(let b)): return a.field == b.field && a.message == b.message
    default: return false
    }
  }

  /// The fixtures' run files as JSON lines.
  static func fixtureLines() throws -> [String] {
    let directory = Paths.fixture("runs")
    return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
      .map { try DocumentJSON.line(try String(contentsOfFile: directory + "/" + $0, encoding: .utf8), file: $0) }
  }

  @Test func fixtureRunsParseTheSameBothWays() throws {
    let lines = try Self.fixtureLines()
    #expect(lines.count >= 6)
    for line in lines {
      #expect(JSONTree.parse(line, file: "t.jsonl") != nil)
      #expect(Self.agree(line), "\(line)")
      #expect(try RunFileParser.parseLine(line, file: "t.jsonl").run.stages.count >= 1)
    }
  }

  /// Seeded mutations of every fixture run: wrong types, bad numbers, missing and unknown keys,
  /// duplicate and escaped keys. Each mutant must get the same verdict from both paths.
  @Test func mutatedRunsGetTheSameVerdictBothWays() throws {
    var rng = SplitMix64(state: 20261127)
    let replacements: [Any] = [
      "405B", 0, -1, 1.5, "", NSNull(), true, "true", "TRUE", [Any](), [String: Any](), ["x"], ["a": 1], "2026-13-01", "2026-02-03",
      "text", 1e30, "1e400", 7, "pre-training", "h100-sxm", "EU", ["EU", "kr"], 0.5, "0.4", "null",
    ]
    var accepted = 0
    var refused = 0
    for line in try Self.fixtureLines() {
      let original = try JSONSerialization.jsonObject(with: Data(line.utf8))
      for _ in 0..<150 {
        var mutant = original
        let mutations = 1 + Int(rng.next() % 2)
        for _ in 0..<mutations { mutant = Self.mutate(mutant, replacements: replacements, rng: &rng) }
        var text = String(decoding: try JSONSerialization.data(withJSONObject: mutant, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
        switch rng.next() % 6 {
        case 0: text = text.replacingOccurrences(of: "\"tokens\"", with: "\"tok\\u0065ns\"")
        case 1: text = text.replacingOccurrences(of: "pre-training", with: "pre\\u002dtraining")
        case 2: if text.hasPrefix("{\"") { text = "{\"id\":\"dup\"," + text.dropFirst() }
        default: break
        }
        #expect(Self.agree(text), "\(text)")
        if (try? RunFileParser.parseLine(text, file: "t.jsonl")) != nil { accepted += 1 } else { refused += 1 }
      }
    }
    // The mutations must exercise both verdicts, or the comparison proves little.
    #expect(accepted > 50)
    #expect(refused > 200)
  }

  /// Replaces, removes or adds one value somewhere in the document.
  static func mutate(_ value: Any, replacements: [Any], rng: inout SplitMix64) -> Any {
    switch value {
    case var object as [String: Any]:
      let keys = object.keys.sorted()
      guard !keys.isEmpty else { return object }
      let key = keys[Int(rng.next() % UInt64(keys.count))]
      switch rng.next() % 5 {
      case 0: object[key] = replacements[Int(rng.next() % UInt64(replacements.count))]
      case 1: object.removeValue(forKey: key)
      case 2: object["tokns"] = 1
      default: object[key] = mutate(object[key]!, replacements: replacements, rng: &rng)
      }
      return object
    case var array as [Any]:
      guard !array.isEmpty else { return array }
      let index = Int(rng.next() % UInt64(array.count))
      array[index] = rng.next() % 3 == 0
        ? replacements[Int(rng.next() % UInt64(replacements.count))] : mutate(array[index], replacements: replacements, rng: &rng)
      return array
    default:
      return replacements[Int(rng.next() % UInt64(replacements.count))]
    }
  }
}
