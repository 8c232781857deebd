import FlopCore
import FlopRules
import Foundation

/// Reading threshold files from disk into a `ThresholdSet`, through the parsed-file cache.
extension ThresholdSet {
  /// Loads the threshold files of `directories` in order; a later directory's regime replaces an
  /// earlier one with the same id, so an organisation can add or override regimes.
  public static func load(directories: [String], label: String) throws(FlopFilesError) -> ThresholdSet {
    var paths: [String] = []
    var directoryOf: [String: Int] = [:]
    for (index, directory) in directories.enumerated() {
      for path in try thresholdFiles(in: directory) {
        paths.append(path)
        directoryOf[path] = index
      }
    }
    // Reading, hashing and decoding cached regimes takes microseconds per file: do it here. Parse
    // what the cache lacks on all cores (most of a cold `check`'s start-up).
    let cache = ParsedFileCache.shared
    var sources: [(path: String, text: String, hash: String, cached: Regime?)] = []
    for path in paths {
      let text = try FileText.read(path)
      let hash = FileDigest.sha256(text)
      sources.append((path, text, hash, cachedRegime(hash, in: cache)))
    }
    let misses = sources.filter { $0.cached == nil }.map { (path: $0.path, text: $0.text, hash: $0.hash) }
    let parsed = try ParallelMap.map(misses) { (source: (path: String, text: String, hash: String)) throws(FlopFilesError) -> Regime in
      try parseAndCache(source.text, path: source.path, hash: source.hash, cache: cache)
    }
    var parsedByPath: [String: Regime] = [:]
    for (source, regime) in zip(misses, parsed) { parsedByPath[source.path] = regime }
    let loaded = sources.compactMap { source in
      (source.cached ?? parsedByPath[source.path]).map { Self.loaded(source.path, $0, hash: source.hash) }
    }
    var byID: [String: LoadedRegime] = [:]
    for regime in loaded {
      // A later directory replaces a regime; two files of one directory with one id are a mistake
      // (which would win depends on file names), refused as `thresholds validate` refuses it.
      if let earlier = byID[regime.regime.id], directoryOf[earlier.path] == directoryOf[regime.path] {
        throw FlopFilesError(
          file: regime.path, line: nil, field: "id", message: "regime id '\(regime.regime.id)' is also used by \(earlier.path)")
      }
      byID[regime.regime.id] = regime
    }
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
        let loaded = try loadFile(path: file, cache: nil)
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
  public static func loadFile(path: String, cache: ParsedFileCache? = .shared) throws(FlopFilesError) -> LoadedRegime {
    let text = try FileText.read(path)
    let hash = FileDigest.sha256(text)
    let regime: Regime
    if let cached = cachedRegime(hash, in: cache) {
      regime = cached
    } else {
      regime = try parseAndCache(text, path: path, hash: hash, cache: cache)
    }
    return loaded(path, regime, hash: hash)
  }

  /// The regime a file with this content hash parsed to, if the cache holds a sound entry.
  static func cachedRegime(_ hash: String, in cache: ParsedFileCache?) -> Regime? {
    cache?.value(kind: "regime", sha256: hash, decode: Regime.init(encoded:))
  }

  /// Parses and validates a threshold file and keeps the result for the next launch.
  static func parseAndCache(_ text: String, path: String, hash: String, cache: ParsedFileCache?) throws(FlopFilesError) -> Regime {
    let regime = try ThresholdFileParser.parse(text, file: path)
    cache?.store(regime.encoded(), kind: "regime", sha256: hash)
    return regime
  }

  static func loaded(_ path: String, _ regime: Regime, hash: String) -> LoadedRegime {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return LoadedRegime(regime: regime, provenance: Provenance(file: name, id: regime.id, version: regime.version, sha256: hash), path: path)
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
}
