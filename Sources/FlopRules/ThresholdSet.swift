import FlopFiles
import Foundation
import Yams

/// A regime with the file it came from.
public struct LoadedRegime: Sendable {
  public var regime: Regime
  public var provenance: Provenance
  /// The path it was read from.
  public var path: String
}

/// The regimes a check uses, loaded from one or more directories.
public struct ThresholdSet: Sendable {
  public var regimes: [LoadedRegime]
  /// Where the set came from, for output ("shipped", "installed version 7", a directory).
  public var label: String

  public init(regimes: [LoadedRegime], label: String) {
    self.regimes = regimes.sorted { $0.regime.id < $1.regime.id }
    self.label = label
  }

  /// Loads the threshold files of `directories` in order; a later directory's regime replaces an
  /// earlier one with the same id, so an organisation can add or override regimes.
  public static func load(directories: [String], label: String) throws(FlopFilesError) -> ThresholdSet {
    var paths: [String] = []
    for directory in directories { paths += try thresholdFiles(in: directory) }
    // Files are independent: read and parse them on all cores (most of `check`'s start-up).
    let loaded = try ParallelMap.map(paths) { (path: String) throws(FlopFilesError) -> LoadedRegime in try loadFile(path: path) }
    var byID: [String: LoadedRegime] = [:]
    for regime in loaded { byID[regime.regime.id] = regime }
    return ThresholdSet(regimes: Array(byID.values), label: label)
  }

  /// Validates every file, collecting all errors instead of stopping at the first.
  public static func validate(paths: [String]) -> (regimes: [LoadedRegime], errors: [FlopFilesError]) {
    var regimes: [LoadedRegime] = []
    var errors: [FlopFilesError] = []
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        do { files += try thresholdFiles(in: path) } catch { errors.append(error) }
      } else {
        files.append(path)
      }
    }
    var seen: [String: String] = [:]
    for file in files {
      do {
        let loaded = try loadFile(path: file)
        if let other = seen[loaded.regime.id] {
          errors.append(FlopFilesError(file: file, line: nil, field: "id", message: "regime id '\(loaded.regime.id)' is also used by \(other)"))
        }
        seen[loaded.regime.id] = file
        regimes.append(loaded)
      } catch {
        errors.append(error)
      }
    }
    return (regimes, errors)
  }

  /// Reads one threshold file.
  public static func loadFile(path: String) throws(FlopFilesError) -> LoadedRegime {
    let text = try FileText.read(path)
    let regime = try ThresholdFileParser.parse(text, file: path)
    let name = URL(fileURLWithPath: path).lastPathComponent
    return LoadedRegime(
      regime: regime,
      provenance: Provenance(file: name, id: regime.id, version: regime.version, sha256: FileDigest.sha256(text)),
      path: path)
  }

  /// The YAML and JSON files of a directory that are threshold files (the accelerator catalogue,
  /// which may sit in the same directory, is skipped).
  public static func thresholdFiles(in directory: String) throws(FlopFilesError) -> [String] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw FlopFilesError(file: directory, line: nil, field: "", message: "cannot list the directory (does it exist?)")
    }
    return names.sorted()
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
      .filter { $0 != AcceleratorCatalogueParser.fileName && !$0.hasPrefix(".") && $0 != "index.json" }
      .map { directory + "/" + $0 }
  }

  /// The regime with an id, if loaded.
  public func regime(_ id: String) -> LoadedRegime? { regimes.first { $0.regime.id == id } }
}
