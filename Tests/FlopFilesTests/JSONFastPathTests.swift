import FlopCore
import FlopFiles
import Foundation
import Testing
import Yams

/// `YAMLValue.parseJSON` must give exactly what the YAML path gives, faster.
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

  static let strictJSON = [
    #"{"a": 1, "b": [true, false, null], "c": {"d": []}, "e": {}}"#,
    #"  {"s": "a\"b\\c\/d\b\f\n\r\t", "u": "\u00e9\u4e2d é 中 😀"}  "#,
    #"{"n": [0, -0, 1.5e-3, 1E+2, -12.5, 405e9, 1000000000.0, 2.6e10]}"#,
    #"{"deep": [[[[{"x": ["y"]}]]]], "empty": "", "spaces": " a  b "}"#,
    #"{"flopwatch":1,"id":"run-1","model":{"parameters":1e9,"modalities":["text"]},"stages":[{"kind":"pre-training","tokens":1e10}]}"#,
  ]

  @Test(arguments: strictJSON)
  func strictJSONTakesTheFastPathAndMatchesYAML(text: String) throws {
    let fast = try YAMLValue.parseJSON(text, file: "t.jsonl")
    let yaml = try YAMLValue.parse(text, file: "t.jsonl")
    #expect(fast.line == nil, "the fast path leaves positions out; a line means Yams was used")
    #expect(yaml.line != nil)
    #expect(Self.shape(fast.node) == Self.shape(yaml.node))
  }

  static let notStrictJSON = [
    #"{flopwatch: 1, id: run-1}"#,  // YAML flow style: accepted, as before
    #"{"a": 1,}"#, #"{"a": 'x'}"#, #"{"a": 01}"#, #"{"a": .5}"#, #"{"a": "\u0000"}"#, #"{"a": "\ud800"}"#, #"{"a": "\ud83d\ude00"}"#,
    "{\"a\": \"tab\tinside\"}", #"{"a": 1} trailing"#, #"{"a": [1, 2}"#, #"{"a"}"#, #"{"a": tru}"#, "",
  ]

  @Test(arguments: notStrictJSON)
  func anythingElseGetsTheYAMLVerdict(text: String) {
    let fast = Result { () throws(FlopFilesError) -> YAMLValue in try YAMLValue.parseJSON(text, file: "t.jsonl") }
    let yaml = Result { () throws(FlopFilesError) -> YAMLValue in try YAMLValue.parse(text, file: "t.jsonl") }
    switch (fast, yaml) {
    case (.success(let a), .success(let b)):
      #expect(Self.shape(a.node) == Self.shape(b.node))
      #expect(a.line == b.line)
    case (.failure(let a), .failure(let b)):
      #expect(a == b)
    default:
      Issue.record("the fast path and the YAML path disagree on \(text.debugDescription)")
    }
  }

  @Test func aRunFileParsesToTheSameRun() throws {
    let text = try String(contentsOfFile: Paths.fixture("runs/small.json"), encoding: .utf8)
      .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    let fast = try RunFileParser.parse(root: try YAMLValue.parseJSON(text, file: "x"), text: text, collectLines: false)
    let yaml = try RunFileParser.parse(root: try YAMLValue.parse(text, file: "x"), text: text, collectLines: false)
    #expect(fast.run == yaml.run)
    #expect(fast.run.id == "json-small")
  }
}
