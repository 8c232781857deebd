import FlopFiles
import Testing

/// One JSON value model and one number grammar (issue 13): the strict reader, the audit log's
/// values and the export's conversion from YAML agree on what a number is and how it is written.
@Suite struct JSONValueTests {
  @Test(arguments: [
    ("0", true), ("-0", true), ("405e9", true), ("1.2E+25", true), ("0.38", true), ("-3.5e-2", true),
    ("01", false), ("1.", false), (".5", false), ("+1", false), ("1e", false), ("15.6T", false), ("0x10", false),
    ("", false), (" 1", false), ("1 ", false), ("NaN", false), ("inf", false), ("1_000", false),
  ])
  func numberGrammar(_ text: String, isNumber: Bool) {
    #expect(JSONTree.isNumber(text) == isNumber)
  }

  @Test func yamlBecomesCanonicalJSON() throws {
    let yaml = """
      id: x
      flag: true
      empty: ~
      parameters: 405e9
      utilization: 0.38
      flop: 1.2e25
      tokens: 15.6T
      quoted: "7"
      list: [2, b]
      """
    let line = try DocumentJSON.line(yaml, file: "t.yaml", overrides: ["status": "running"])
    #expect(line == #"{"empty":null,"flag":true,"flop":1.2e+25,"id":"x","list":[2,"b"],"parameters":405000000000,"quoted":"7","status":"running","tokens":"15.6T","utilization":0.38}"#)
    // The same value model reads it back, and writes it the same way.
    #expect(JSONValue.parse(line)?.canonical == line)
  }
}
