import FlopFetch
import FlopFiles
import FlopRules
import Foundation

/// Finds the threshold files and accelerator catalogue a command or server uses: the installed
/// channel set if there is one, else the shipped `Thresholds/`, plus any directories given.
public struct InputLocator: Sendable {
  /// Directories of threshold files that add or replace regimes, in order.
  public var directories: [String]
  /// A catalogue file to use instead of the one beside the thresholds.
  public var catalogue: String?
  /// FlopWatch home, for the installed set (default `$FLOPWATCH_HOME`, else `~/.flopwatch`).
  public var home: String?

  public init(directories: [String] = [], catalogue: String? = nil, home: String? = nil) {
    self.directories = directories
    self.catalogue = catalogue
    self.home = home
  }

  /// The default threshold directory and how to name it: the installed set, else the shipped one.
  public func defaultDirectory() throws -> (path: String, label: String) {
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
      throw EngineError("cannot find the shipped Thresholds/ folder; pass --thresholds DIR or set \(ResourceLocator.environmentKey)")
    }
    return (shipped, "shipped Thresholds/")
  }

  /// The default set plus `directories`, later ones replacing earlier regimes.
  public func thresholds() throws -> ThresholdSet { try thresholds(base: try defaultDirectory()) }

  func thresholds(base: (path: String, label: String)) throws -> ThresholdSet {
    var label = base.label
    if !directories.isEmpty { label += " + " + directories.joined(separator: " + ") }
    return try ThresholdSet.load(directories: [base.path] + directories, label: label)
  }

  /// The given catalogue, else the installed set's if it carries one, else the shipped one.
  public func loadCatalogue() throws -> LoadedCatalogue {
    if let catalogue { return try LoadedCatalogue.load(path: catalogue) }
    return try loadCatalogue(base: try defaultDirectory())
  }

  func loadCatalogue(base: (path: String, label: String)) throws -> LoadedCatalogue {
    if let catalogue { return try LoadedCatalogue.load(path: catalogue) }
    let installed = base.path + "/" + AcceleratorCatalogueParser.fileName
    if FileManager.default.fileExists(atPath: installed) { return try LoadedCatalogue.load(path: installed) }
    guard let shipped = ResourceLocator.shippedThresholds() else { throw EngineError("cannot find the shipped Thresholds/ folder") }
    return try LoadedCatalogue.load(path: shipped + "/" + AcceleratorCatalogueParser.fileName)
  }

  /// The threshold set and the catalogue, finding the default directory once for both.
  public func load() throws -> (ThresholdSet, LoadedCatalogue) {
    let base = try defaultDirectory()
    return (try thresholds(base: base), try loadCatalogue(base: base))
  }
}
