import FlopCore
import FlopFiles
import FlopRules
import Foundation

/// Builds a channel directory from a folder of threshold files (and the accelerator catalogue).
public enum ChannelPublisher {
  /// Validates every file by its kind, copies them to `output`, and writes `index.json` and its signature.
  /// Without `version`, the next after the index already in `output` (or 1).
  public static func publish(
    source: String, keyPath: String, output: String, version: Int?, validDays: Int, now: Date = Date()
  ) throws -> ChannelIndex {
    let key = try ChannelKeys.loadPrivate(keyPath)
    guard (1...3650).contains(validDays) else { throw FetchError(.configuration, "--valid-days must be 1 to 3650 (ten years), got \(validDays)") }
    let names = try ThresholdSet.thresholdFiles(in: source).map { URL(fileURLWithPath: $0).lastPathComponent }
    var files = names
    if FileManager.default.fileExists(atPath: source + "/" + AcceleratorCatalogueParser.fileName) {
      files.append(AcceleratorCatalogueParser.fileName)
    }
    guard !files.isEmpty else { throw FetchError(.validation, "\(source): no threshold files to publish") }
    try validate(directory: source, files: files)
    var previous = 0
    if let data = FileManager.default.contents(atPath: output + "/index.json"),
      let index = try? JSONDecoder().decode(ChannelIndex.self, from: data)
    {
      previous = index.version
    }
    guard previous < ChannelIndex.maximumVersion else {
      throw FetchError(.configuration, "the channel is at version \(previous), the highest allowed (\(ChannelIndex.maximumVersion))")
    }
    let number = version ?? previous + 1
    guard number <= ChannelIndex.maximumVersion else {
      throw FetchError(.configuration, "--version \(number) is above the highest allowed (\(ChannelIndex.maximumVersion))")
    }
    guard number > previous else {
      throw FetchError(.rollback, "version \(number) is not newer than the channel's \(previous); clients would refuse it")
    }
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    var entries: [ChannelIndex.File] = []
    for name in files.sorted() {
      let text = try FileText.read(source + "/" + name)
      let data = Data(text.utf8)
      try AtomicFile.write(data, to: output + "/" + name)
      entries.append(.init(path: name, sha256: FileDigest.sha256(data), size: data.count))
    }
    let index = ChannelIndex(
      version: number, published: AtomicFile.timestamp(now),
      expires: AtomicFile.timestamp(now.addingTimeInterval(Double(validDays) * 86400)), files: entries)
    let bytes = try index.encoded()
    // The signature goes first: a reader never sees a new index with an old signature for long.
    try AtomicFile.write(Data(try ChannelKeys.sign(bytes, with: key).utf8), to: output + "/index.json.sig")
    try AtomicFile.write(bytes, to: output + "/index.json")
    return index
  }

  /// Validates files as a set: threshold files parse, the catalogue parses, regime ids are unique.
  static func validate(directory: String, files: [String]) throws {
    var thresholdPaths: [String] = []
    for name in files {
      let path = directory + "/" + name
      if name == AcceleratorCatalogueParser.fileName {
        _ = try LoadedCatalogue.load(path: path, cache: nil)  // downloaded: always parse and validate
      } else {
        thresholdPaths.append(path)
      }
    }
    let (_, errors) = ThresholdSet.validate(paths: thresholdPaths)
    if let first = errors.first {
      throw FetchError(.validation, "\(first.description)\(errors.count > 1 ? " (and \(errors.count - 1) more)" : "")")
    }
  }
}
