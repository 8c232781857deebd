import ArgumentParser
import FlopCore
import FlopFiles
import FlopRules
import Foundation

/// Flags choosing the threshold files and catalogue a command uses.
public struct ThresholdOptions: ParsableArguments {
  @Option(name: .customLong("thresholds"), help: "A directory of threshold files that adds or replaces regimes (repeatable).")
  public var directories: [String] = []

  @Option(help: "Accelerator catalogue file (default: the one beside the thresholds in use).")
  public var catalogue: String?

  public init() {}

  /// The default threshold directory: the shipped `Thresholds/`.
  static func defaultDirectory() throws -> (path: String, label: String) {
    guard let shipped = ResourceLocator.shippedThresholds() else {
      throw CommandError("cannot find the shipped Thresholds/ folder; pass --thresholds DIR or set \(ResourceLocator.environmentKey)")
    }
    return (shipped, "shipped Thresholds/ (\(shipped))")
  }

  /// Loads the default set plus any `--thresholds` directories, later ones replacing earlier regimes.
  func load() throws -> ThresholdSet { try Self.load(directories: directories) }

  static func load(directories: [String]) throws -> ThresholdSet {
    let base = try defaultDirectory()
    var label = base.label
    if !directories.isEmpty { label += " + " + directories.joined(separator: " + ") }
    return try ThresholdSet.load(directories: [base.path] + directories, label: label)
  }

  func loadCatalogue() throws -> LoadedCatalogue { try Self.loadCatalogue(path: catalogue) }

  static func loadCatalogue(path catalogue: String?) throws -> LoadedCatalogue {
    if let catalogue { return try LoadedCatalogue.load(path: catalogue) }
    return try LoadedCatalogue.load(path: try defaultDirectory().path + "/" + AcceleratorCatalogueParser.fileName)
  }
}

/// Parses `--as-of`; today (UTC) when absent.
func parseAsOf(_ text: String?) throws -> CalendarDate {
  guard let text else { return today() }
  guard let date = CalendarDate(text) else { throw CommandError("--as-of: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
  return date
}

/// Today's date in UTC.
func today() -> CalendarDate {
  CalendarDate(dayNumber: Int((Date().timeIntervalSince1970 / 86400).rounded(.down)))
}
