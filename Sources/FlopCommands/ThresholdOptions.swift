import ArgumentParser
import FlopCore
import FlopEngine
import FlopFiles
import FlopRules
import Foundation

/// Flags choosing the threshold files and catalogue a command uses.
public struct ThresholdOptions: ParsableArguments {
  @Option(name: .customLong("thresholds"), help: "A directory of threshold files that adds or replaces regimes (repeatable).")
  public var directories: [String] = []

  @Option(help: "Accelerator catalogue file (default: the one beside the thresholds in use).")
  public var catalogue: String?

  @Option(help: "FlopWatch home, for the installed threshold set (default $FLOPWATCH_HOME, else ~/.flopwatch).")
  public var home: String?

  public init() {}

  /// Where these flags point the engine.
  var locator: InputLocator { InputLocator(directories: directories, catalogue: catalogue, home: home) }

  /// The default threshold directory: the installed set if there is one, else the shipped `Thresholds/`.
  static func defaultDirectory(home: String? = nil) throws -> (path: String, label: String) {
    try InputLocator(home: home).defaultDirectory()
  }

  /// Loads the default set plus any `--thresholds` directories, later ones replacing earlier regimes.
  func load() throws -> ThresholdSet { try locator.thresholds() }

  func loadCatalogue() throws -> LoadedCatalogue { try locator.loadCatalogue() }

  /// The given catalogue, else the installed set's if it carries one, else the shipped one.
  static func loadCatalogue(path catalogue: String?, home: String? = nil) throws -> LoadedCatalogue {
    try InputLocator(catalogue: catalogue, home: home).loadCatalogue()
  }

  /// The threshold set and the catalogue, finding the default directory once for both.
  func loadAll() throws -> (ThresholdSet, LoadedCatalogue) { try locator.load() }
}

/// Parses `--as-of`; today (UTC) when absent.
func parseAsOf(_ text: String?) throws -> CalendarDate {
  guard let text else { return today() }
  guard let date = CalendarDate(text) else { throw CommandError("--as-of: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
  return date
}

/// Today's date in UTC.
func today() -> CalendarDate { CalendarDate.today() }
