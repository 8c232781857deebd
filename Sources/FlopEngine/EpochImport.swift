import FlopCore
import FlopFiles
import FlopRegistry

/// `registry import --from epoch`: an Epoch AI CSV mapped to run documents and imported in one
/// transaction, with a summary of what was mapped, refused and not read.
public struct EpochImport: Sendable {
  public var file: String

  /// What the import did, row by row where it refused something.
  public struct Outcome: Sendable, Codable {
    public var file: String
    public var rows: Int
    public var mapped: Int
    public var imported: Int
    public var unchanged: Int
    /// Rows refused by the mapping or the registry, by row number (the header is row 1).
    public var rejected: [EpochCSV.Rejection]
    /// Hardware names the catalogue does not have, with their rows (the runs were imported without hardware).
    public var unknownHardware: [String: [Int]]
    public var mixedHardware: [Int]
    public var unusedColumns: [String]
    public var missingColumns: [String]
  }

  public init(file: String) {
    self.file = file
  }

  /// The documents the file maps to, numbered by row, and the mapping's findings.
  public func prepare(catalogue: AcceleratorCatalogue) throws -> (csv: EpochCSV, mapping: EpochMapping.Outcome, documents: [(line: Int, text: String)]) {
    let csv = try EpochCSV.load(path: file)
    let mapping = EpochMapping(catalogue: catalogue).map(csv)
    return (csv, mapping, mapping.mapped.map { ($0.row, $0.document.canonical) })
  }

  /// Imports the file into the registry `open` gives (opened only once the file has been read).
  public func run(into open: () throws -> Registry, assessor: RunAssessor, actor: String) throws -> (registry: Registry, outcome: Outcome) {
    let (csv, mapping, documents) = try prepare(catalogue: assessor.estimator.catalogue)
    var importer = RunImport(documents: documents, label: file)
    importer.tuneForBulk = false
    let (registry, result) = try importer.run(into: open, assessor: assessor, actor: actor)
    return (registry, outcome(csv: csv, mapping: mapping, imported: result))
  }

  /// The summary of a mapping and the registry's answer to it.
  public func outcome(csv: EpochCSV, mapping: EpochMapping.Outcome, imported result: RunImport.Outcome) -> Outcome {
    let rejected = (mapping.rejected + result.rejected.map { EpochCSV.Rejection(row: $0.line, reason: $0.reason) }).sorted { $0.row < $1.row }
    return Outcome(
      file: file, rows: csv.rows.count + csv.rejected.count, mapped: mapping.mapped.count, imported: result.imported,
      unchanged: result.unchanged, rejected: rejected, unknownHardware: mapping.unknownHardware, mixedHardware: mapping.mixedHardware,
      unusedColumns: csv.unusedColumns, missingColumns: csv.missingColumns.map(\.rawValue))
  }
}
