import FlopCommands
import FlopCore
import FlopEngine
import FlopFiles
import FlopTestSupport
import Foundation
import Testing

/// Epoch AI's CSV: `registry import --from epoch` and `validate --dataset epoch`, on a 48-row file
/// of public models written in Epoch's column layout (Fixtures/datasets/epoch-models.csv).
@Suite struct EpochImportTests {
  static let fixture = Paths.fixture("datasets/epoch-models.csv")

  func importOutcome(_ arguments: [String]) throws -> (code: Int32, outcome: [String: Any]) {
    let result = CLI.run(["registry", "import", "--from", "epoch"] + arguments + ["--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.error ?? "")")
    return (result.code, object)
  }

  @Test func importsEveryUsableRowAndReportsTheRest() throws {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let registry = directory.path("registry.sqlite")
    let (code, outcome) = try importOutcome([Self.fixture, "--registry", registry])
    #expect(code == 2, "rows were refused")
    #expect(outcome["rows"] as? Int == 48)
    #expect(outcome["imported"] as? Int == 46)
    let rejected = try #require(outcome["rejected"] as? [[String: Any]])
    #expect(rejected.map { $0["row"] as? Int } == [48, 49])
    #expect((rejected[0]["reason"] as? String)?.contains("column 'Training compute (FLOP)': '~2.1e25' is not a plain positive number") == true)
    #expect((rejected[1]["reason"] as? String)?.contains("'5.0e25 FLOP'") == true)
    #expect((outcome["unknown_hardware"] as? [String: [Int]])?["Cerebras CS-2"] == [44])
    #expect(outcome["mixed_hardware"] as? [Int] == [4, 39, 42])
    #expect((outcome["unused_columns"] as? [String])?.contains("Training compute notes") == true)
    #expect((outcome["missing_columns"] as? [String])?.isEmpty == true)

    // Lineage: a base in the file is the run's base; one that is not keeps its name and compute.
    let codeLlama = try CLI.json(["registry", "show", "epoch-code-llama-7b", "--registry", registry])
    let summary = try #require(codeLlama["summary"] as? [String: Any])
    #expect(summary["base_run"] as? String == "epoch-llama-2-7b")
    #expect(abs(CLI.central(summary, "cumulative_flop")! / (8.4e22 + 2.1e22) - 1) < 1e-6)
    let orphan = try #require(try CLI.json(["registry", "show", "epoch-code-llama-34b", "--registry", registry])["summary"] as? [String: Any])
    #expect(orphan["base_run"] == nil || orphan["base_run"] is NSNull)
    #expect(abs((orphan["base_flop"] as? Double ?? 0) / 4.08e23 - 1) < 1e-6, "Epoch's total less the fine-tune")
    // A fine-tune with only hardware is estimated from it; a declared figure keeps FlopWatch's own estimate beside it.
    let alpaca = try #require(try CLI.json(["registry", "show", "epoch-alpaca", "--registry", registry])["summary"] as? [String: Any])
    #expect(alpaca["method"] as? String == "hardware")
    let llama = try CLI.json(["registry", "show", "epoch-llama-2-70b", "--registry", registry])
    #expect((llama["document"] as? String)?.contains("\"gpu_hours\":1720320") == true)
    let estimate = try CLI.json(["estimate", try Self.document(of: "epoch-llama-2-70b", registry: registry, into: directory)])
    let methods = (estimate["estimates"] as? [[String: Any]])?.compactMap { $0["method"] as? String } ?? []
    #expect(methods.contains("declared") && methods.contains("parameters") && methods.contains("hardware"), "\(methods)")

    // Running it again changes nothing and duplicates nothing.
    let (_, again) = try importOutcome([Self.fixture, "--registry", registry])
    #expect(again["imported"] as? Int == 0 && again["unchanged"] as? Int == 46)
  }

  /// A run's stored document written to a file, for commands that read one.
  static func document(of id: String, registry: String, into directory: TempDirectory) throws -> String {
    let shown = try CLI.json(["registry", "show", id, "--registry", registry])
    let path = directory.path("\(id).json")
    try (shown["document"] as? String ?? "").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// `registry import --from epoch` of `csv` into a fresh registry; whether the registry file was made.
  static func importText(_ csv: String) throws -> (result: (output: String, error: String?, code: Int32), registryWritten: Bool) {
    let directory = try TempDirectory()
    defer { directory.remove() }
    let file = directory.path("epoch.csv")
    try csv.write(toFile: file, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "import", "--from", "epoch", file, "--registry", directory.path("r.sqlite")])
    return (result, FileManager.default.fileExists(atPath: directory.path("r.sqlite")))
  }

  @Test(arguments: [
    ("Name,Organization\nGPT-3,OpenAI\n", "no 'Model' column"),
    ("Model,Organization,Authors\nGPT-3,OpenAI,Brown\n", "none of the columns"),
    ("", "no 'Model' column"),
  ])
  func fileErrorsWriteNothing(csv: String, message: String) throws {
    let (result, registryWritten) = try Self.importText(csv)
    #expect(result.code == 2)
    #expect(result.error?.contains(message) == true, "\(result.error ?? "")")
    #expect(!registryWritten)
  }

  @Test(arguments: [
    ("1,082,990", "Training chip-hours", "'1,082,990' is not a plain positive number"),
    ("46.2", "Hardware utilization (MFU)", "'46.2' is not a fraction in (0, 1]"),
    ("-3e22", "Training compute (FLOP)", "'-3e22' is not a plain positive number"),
    ("2023-13-45", "Publication date", "'2023-13-45' is not a date"),
  ])
  func badCellsRejectTheirRowByNumberAndColumn(value: String, column: String, message: String) throws {
    let header = "Model,Organization,Publication date,Domain,Parameters,Training compute (FLOP),Training dataset size (total),Training hardware,Training chip-hours,Hardware utilization (MFU)"
    var bad = ["Bad Model", "Lab", "2024-01-01", "Language", "7e9", "8.4e22", "2e12", "NVIDIA A100", "184320", "0.4"]
    bad[header.split(separator: ",").firstIndex { $0 == column }!] = value
    let good = "Good Model,Lab,2024-01-01,Language,7e9,8.4e22,2e12,NVIDIA A100,184320,0.4"
    let csv = header + "\n" + good + "\n" + bad.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
    let (result, _) = try Self.importText(csv)
    #expect(result.code == 2)
    #expect(result.output.contains("row 3: column '\(column)': \(message)"), "\(result.output)")
    #expect(result.output.contains("imported 1 run(s)"))
  }

  @Test func aFigureEpochLabelsWrongIsNotDeclared() throws {
    let csv = """
      Model,Domain,Confidence,Parameters,Training compute (FLOP),Training dataset size (total)
      Right,Language,Confident,7e9,8.4e22,2e12
      Wrong,Language,Wrong,7e9,9e25,2e12
      Wrong only,Language,Wrong,,9e25,
      """
    let outcome = EpochMapping(catalogue: try InputLocator().loadCatalogue().catalogue).map(try EpochCSV.parse(csv, file: "wrong.csv"))
    let documents = Dictionary(uniqueKeysWithValues: outcome.mapped.map { ($0.id, $0.document.canonical) })
    #expect(documents["epoch-right"]?.contains("\"flop\"") == true)
    #expect(documents["epoch-wrong"]?.contains("\"flop\"") == false, "the run rests on 6·N·D instead")
    #expect(outcome.rejected.map(\.row) == [4], "nothing else to estimate from")
  }

  @Test func columnsAreFoundByNameWhateverTheirOrderOrCase() throws {
    let csv = "training compute (flop),MODEL,parameters,Domain,Training Dataset Size (Total)\n3.14e+23,GPT-3,175000000000.0,Language,300000000000.0\n"
    let parsed = try EpochCSV.parse(csv, file: "renamed.csv")
    #expect(parsed.rows.count == 1)
    #expect(parsed.rows[0].trainingCompute == 3.14e23 && parsed.rows[0].parameters == 1.75e11 && parsed.rows[0].datasetSize == 3e11)
    #expect(parsed.missingColumns.contains(.hardware))
  }

  @Test(arguments: [
    ("NVIDIA A100 SXM4 80 GB", "A100"), ("NVIDIA A100 SXM4 40 GB", "A100"), ("NVIDIA H100 SXM5 80GB", "H100-SXM"),
    ("Nvidia H100 80G", "H100-SXM"), ("NVIDIA H100 PCIe", "H100-PCIe"), ("Google TPU v4", "TPU-v4"), ("Google TPU v5e", "TPU-v5e"),
    ("NVIDIA H800 SXM5", "H800"), ("AMD Radeon Instinct MI250X", "MI250X"), ("NVIDIA Tesla V100 DGXS 32 GB", "V100"),
    ("Cerebras CS-2", nil), ("Huawei Ascend 910B", nil), ("NVIDIA B300 (Blackwell Ultra)", nil), ("NVIDIA GeForce RTX 3090", nil),
  ] as [(String, String?)])
  func hardwareNamesMapToTheCatalogueOrNothing(name: String, expected: String?) throws {
    let catalogue = try InputLocator().loadCatalogue().catalogue
    #expect(EpochHardware.resolve(name, catalogue: catalogue)?.id == expected)
  }

  @Test func validatePrintsThePerMethodErrorTable() throws {
    let json = try CLI.json(["validate", "--dataset", "epoch", Self.fixture])
    let parameters = try #require(json["parameters"] as? [String: Any])
    let hardware = try #require(json["hardware"] as? [String: Any])
    let pSummary = try #require(parameters["summary"] as? [String: Any])
    let hSummary = try #require(hardware["summary"] as? [String: Any])
    #expect(pSummary["rows"] as? Int == 37)
    #expect(hSummary["rows"] as? Int == 21)
    // The summary is the median of the rows' errors, recomputed here.
    let errors = try #require((hardware["entries"] as? [[String: Any]])?.compactMap { $0["error_log10"] as? Double })
    #expect(abs((hSummary["median_error"] as? Double ?? -1) - Statistics.median(errors)!) < 1e-12)
    #expect((hSummary["covered"] as? Int ?? 0) <= 21)
    let text = CLI.run(["validate", "--dataset", "epoch", Self.fixture])
    #expect(text.output.contains("Hardware rows, default utilization prior"))
    #expect(CLI.run(["validate", "--dataset", "epoch"]).error?.contains("give the Epoch AI CSV file") == true)
  }
}
