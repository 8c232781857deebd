import FlopFiles
import Foundation

/// Finds the data FlopWatch ships with (the `Thresholds/` folder), without flags.
public enum ResourceLocator {
  /// The environment variable that points at a shipped-thresholds folder explicitly.
  public static let environmentKey = "FLOPWATCH_SHIPPED_THRESHOLDS"

  /// The `Thresholds/` folder shipped with FlopWatch, found from the environment, next to the
  /// executable (an installed copy: `bin/../share/flopwatch/Thresholds`, or the repository
  /// above `.build/`), or from the source tree this binary was built from.
  public static func shippedThresholds() -> String? {
    var candidates: [String] = []
    if let explicit = ProcessInfo.processInfo.environment[environmentKey], !explicit.isEmpty {
      candidates.append(explicit)
    }
    if let executable = Bundle.main.executablePath {
      var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
      for _ in 0..<8 {
        candidates.append(directory.appendingPathComponent("Thresholds").path)
        candidates.append(directory.appendingPathComponent("share/flopwatch/Thresholds").path)
        directory = directory.deletingLastPathComponent()
      }
    }
    // The repository this binary was built from: Sources/FlopCommands/ResourceLocator.swift → ../../Thresholds.
    let source = URL(fileURLWithPath: #filePath)
    candidates.append(source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Thresholds").path)
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + AcceleratorCatalogueParser.fileName) }
  }

  /// Loads the accelerator catalogue: the given file, else the shipped one.
  public static func catalogue(path: String?) throws -> LoadedCatalogue {
    if let path { return try LoadedCatalogue.load(path: path) }
    guard let directory = shippedThresholds() else {
      throw CommandError("cannot find the shipped Thresholds/ folder with \(AcceleratorCatalogueParser.fileName); pass --catalogue FILE or set \(environmentKey)")
    }
    return try LoadedCatalogue.load(path: directory + "/" + AcceleratorCatalogueParser.fileName)
  }
}
