import FlopCore
import FlopFiles
import Testing
import FlopTestSupport

@Suite struct RunFileParserTests {
  @Test(arguments: ["atlas-2.yaml", "tern-moe.yaml", "finetune-downstream.yaml", "wren-1b.yaml", "finch-synthetic.yaml", "small.json"])
  func fixturesParse(name: String) throws {
    let document = try RunDocument.load(path: Paths.fixture("runs/\(name)"))
    #expect(!document.run.stages.isEmpty)
    #expect(document.run.id != nil)
  }

  @Test func atlasFieldsAreTyped() throws {
    let run = try RunDocument.load(path: Paths.fixture("runs/atlas-2.yaml")).run
    #expect(run.model.parameters == 405e9)
    #expect(run.stages[0].tokens == 15.6e12)
    #expect(run.stages[0].hardware?.count == 16384)
    #expect(run.stages[0].hardware?.precision == .bf16)
    #expect(run.stages[1].isPublic == false)
    #expect(run.schedule?.start == CalendarDate("2026-01-05"))
    #expect(run.developer?.annualRevenueUSD == 1.2e9)
    #expect(run.markets == ["EU", "US-CA", "US-NY", "KR"])
  }

  @Test func jsonAndYAMLGiveTheSameRun() throws {
    let yaml = try RunFileParser.parse(
      "flopwatch: 1\nmodel: {parameters: 1.3B}\nstages:\n  - kind: pre-training\n    tokens: 2.6e10\n", file: "a.yaml")
    let json = try RunFileParser.parse(
      #"{"flopwatch": 1, "model": {"parameters": 1.3e9}, "stages": [{"kind": "pre-training", "tokens": "26B"}]}"#, file: "a.json")
    #expect(yaml.run == json.run)
  }

  @Test(arguments: [
    ("unknown-key.yaml", 7, "tokns"),
    ("bad-number.yaml", 6, "'abc'"),
    ("negative.yaml", 3, "-7e9"),
    ("malformed.yaml", 6, "YAML"),
    ("future-schema.yaml", 1, "version 2"),
  ])
  func errorsNameFileLineAndField(name: String, line: Int, fragment: String) {
    do {
      _ = try RunDocument.load(path: Paths.fixture("runs/invalid/\(name)"))
      Issue.record("expected \(name) to be refused")
    } catch {
      #expect(error.file.hasSuffix(name))
      #expect(error.line == line, "\(error)")
      #expect(error.description.contains(fragment), "\(error)")
    }
  }

  @Test(arguments: [
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: []\n", "at least one stage"),
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: [{kind: pretraining, tokens: 1T}]\n", "unknown value 'pretraining'"),
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, hardware: {accelerator: A100, count: 8}}]\n", "one of days"),
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, hardware: {accelerator: A100, days: 3}}]\n", "count"),
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, hardware: {accelerator: A100, count: 8, days: 3, hours: 2}}]\n", "only one"),
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, hardware: {accelerator: A100, count: 8, days: 3, utilization: 1.5}}]\n", "fraction"),
    ("flopwatch: 1\nmodel: {parameters: 7B, active_parameters: 9B}\nstages: [{kind: pre-training, tokens: 1T}]\n", "exceed"),
    ("flopwatch: 1\nid: Bad Id\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, tokens: 1T}]\n", "not a valid id"),
    ("flopwatch: 1\nmodel: {parameters: 7B, modalities: [smell]}\nstages: [{kind: pre-training, tokens: 1T}]\n", "modality"),
    ("flopwatch: 1\nmodel: {parameters: 7B}\nstages: [{kind: pre-training, tokens: 1T}]\nschedule: {start: 2026-02-30}\n", "date"),
    ("flopwatch: 1\nmodel: {parameters: NaN}\nstages: [{kind: pre-training, tokens: 1T}]\n", "NaN"),
    ("flopwatch: 1\nmodel: {parameters: .inf}\nstages: [{kind: pre-training, tokens: 1T}]\n", ".inf"),
    ("flopwatch: 1\nstages: [{kind: pre-training, tokens: 1T}]\n", "model"),
    ("", "empty"),
    ("- just\n- a list\n", "mapping"),
  ])
  func invalidDocuments(text: String, fragment: String) {
    #expect {
      try RunFileParser.parse(text, file: "inline.yaml")
    } throws: { error in
      (error as? FlopFilesError)?.description.contains(fragment) == true
    }
  }

  @Test func coreErrorsAreLocatedOnTheirLine() throws {
    let document = try RunDocument.load(path: Paths.fixture("runs/invalid/unknown-accelerator.yaml"))
    let catalogue = try LoadedCatalogue.load(path: Paths.catalogue).catalogue
    do {
      _ = try Estimator(catalogue: catalogue).estimate(document.run)
      Issue.record("expected an unknown accelerator")
    } catch {
      let located = document.locate(error)
      #expect(located.line == 7)
      #expect(located.description.contains("H1000"))
    }
  }
}
