import ArgumentParser
import FlopCore
import FlopFetch
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

  /// The default threshold directory: the installed set if there is one, else the shipped `Thresholds/`.
  static func defaultDirectory(home: String? = nil) throws -> (path: String, label: String) {
    let store = ThresholdStore(home: home ?? ThresholdStore.defaultHome())
    if let installed = store.installedDirectory, let version = store.installedVersion {
      let state = store.loadState()
      let dates = store.installedDates
      var label = "installed set version \(version)"
      if let published = dates.published.flatMap({ try? Date($0, strategy: .iso8601) }) {
        label += ", published \(dates.published ?? "") (\(Int(Date().timeIntervalSince(published) / 86400)) days ago)"
      }
      if let expires = dates.expires.flatMap({ try? Date($0, strategy: .iso8601) }), expires < Date() {
        label += ", EXPIRED \(dates.expires ?? ""): run `flopwatch thresholds update`"
      }
      if let check = state.lastCheck { label += ", last checked \(check)" }
      return (installed, label)
    }
    guard let shipped = ResourceLocator.shippedThresholds() else {
      throw CommandError("cannot find the shipped Thresholds/ folder; pass --thresholds DIR or set \(ResourceLocator.environmentKey)")
    }
    return (shipped, "shipped Thresholds/")
  }

  /// Loads the default set plus any `--thresholds` directories, later ones replacing earlier regimes.
  func load() throws -> ThresholdSet { try Self.load(directories: directories, home: home) }

  static func load(directories: [String], home: String? = nil) throws -> ThresholdSet {
    try load(directories: directories, base: try defaultDirectory(home: home))
  }

  static func load(directories: [String], base: (path: String, label: String)) throws -> ThresholdSet {
    var label = base.label
    if !directories.isEmpty { label += " + " + directories.joined(separator: " + ") }
    return try ThresholdSet.load(directories: [base.path] + directories, label: label)
  }

  func loadCatalogue() throws -> LoadedCatalogue { try Self.loadCatalogue(path: catalogue, home: home) }

  /// The given catalogue, else the installed set's if it carries one, else the shipped one.
  static func loadCatalogue(path catalogue: String?, home: String? = nil) throws -> LoadedCatalogue {
    if let catalogue { return try LoadedCatalogue.load(path: catalogue) }
    return try loadCatalogue(path: nil, base: try defaultDirectory(home: home))
  }

  static func loadCatalogue(path catalogue: String?, base: (path: String, label: String)) throws -> LoadedCatalogue {
    if let catalogue { return try LoadedCatalogue.load(path: catalogue) }
    let installed = base.path + "/" + AcceleratorCatalogueParser.fileName
    if FileManager.default.fileExists(atPath: installed) { return try LoadedCatalogue.load(path: installed) }
    guard let shipped = ResourceLocator.shippedThresholds() else { throw CommandError("cannot find the shipped Thresholds/ folder") }
    return try LoadedCatalogue.load(path: shipped + "/" + AcceleratorCatalogueParser.fileName)
  }

  /// The threshold set and the catalogue, finding the default directory once for both.
  func loadAll() throws -> (ThresholdSet, LoadedCatalogue) {
    try Self.loadAll(directories: directories, catalogue: catalogue, home: home)
  }

  static func loadAll(directories: [String], catalogue: String?, home: String?) throws -> (ThresholdSet, LoadedCatalogue) {
    let base = try defaultDirectory(home: home)
    return (try load(directories: directories, base: base), try loadCatalogue(path: catalogue, base: base))
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
