import FlopCore
import FlopFiles
import FlopRules
import Foundation
import Testing
import FlopTestSupport

@Suite struct ParsedFileCacheTests {
  static let regimeFiles: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Paths.thresholds)) ?? []
    return names.filter { $0.hasSuffix(".yaml") && $0 != "accelerators.yaml" }.sorted().map { Paths.thresholds + "/" + $0 }
      + [Paths.fixture("thresholds/internal-policy.yaml")]
  }()

  func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "flopwatch-cache-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test(arguments: regimeFiles)
  func everyRegimeSurvivesTheCacheEncoding(path: String) throws {
    let regime = try ThresholdFileParser.parse(try FileText.read(path), file: path)
    #expect(try Regime(encoded: regime.encoded()) == regime)
  }

  @Test func theCatalogueSurvivesTheCacheEncoding() throws {
    let catalogue = try AcceleratorCatalogueParser.parse(try FileText.read(Paths.catalogue), file: Paths.catalogue)
    let decoded = try AcceleratorCatalogue(encoded: catalogue.encoded())
    #expect(decoded == catalogue)
    #expect(decoded.accelerator(named: "h100 sxm")?.id == "H100-SXM")
  }

  @Test func everyTruncationIsRefused() throws {
    let path = Paths.thresholds + "/eu-ai-act.yaml"
    let bytes = try ThresholdFileParser.parse(try FileText.read(path), file: path).encoded()
    for length in 0..<bytes.count {
      #expect(throws: BinaryReader.Malformed.self) { try Regime(encoded: Array(bytes[..<length])) }
    }
    #expect(throws: BinaryReader.Malformed.self) { try Regime(encoded: bytes + [0]) }
  }

  @Test func damagedBytesNeverCrash() throws {
    let path = Paths.thresholds + "/us-ny-raise.yaml"
    let original = try ThresholdFileParser.parse(try FileText.read(path), file: path)
    let bytes = original.encoded()
    var generator = SplitMix64(state: 2026)
    var refused = 0
    for _ in 0..<2000 {
      var damaged = bytes
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
      if (try? Regime(encoded: damaged)) == nil { refused += 1 }
    }
    // Most damage lands in lengths, tags or UTF-8 and is refused; the rest decodes to some regime.
    #expect(refused > 500)
  }

  @Test func aCachedLoadMatchesAParseAndFollowsTheFile() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = ParsedFileCache(directory: directory + "/cache", buildIdentity: "test-build")
    let file = directory + "/policy.yaml"
    let source = try FileText.read(Paths.fixture("thresholds/internal-policy.yaml"))
    try source.write(toFile: file, atomically: true, encoding: .utf8)

    let first = try ThresholdSet.loadFile(path: file, cache: cache)
    let entries = try FileManager.default.contentsOfDirectory(atPath: directory + "/cache")
    #expect(entries.count == 1)
    let second = try ThresholdSet.loadFile(path: file, cache: cache)
    #expect(second.regime == first.regime)
    #expect(second.provenance == first.provenance)
    #expect(first.regime == (try ThresholdSet.loadFile(path: file, cache: nil)).regime)

    // An edited file is a new key: the edit shows, never the stale entry.
    #expect(first.regime.version == "3.0")
    let edited = source.replacingOccurrences(of: "version: \"3.0\"", with: "version: \"3.1\"")
    #expect(edited != source)
    try edited.write(toFile: file, atomically: true, encoding: .utf8)
    let third = try ThresholdSet.loadFile(path: file, cache: cache)
    #expect(third.regime.version == "3.1")
    #expect(third.provenance.sha256 != first.provenance.sha256)
  }

  /// An entry re-sealed by someone who can write the cache but not read the secret is ignored:
  /// the forged regime (a threshold moved to 1e40) never reaches a check (issue 12).
  @Test func aForgedEntryIsRefused() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = ParsedFileCache(directory: directory + "/cache", buildIdentity: "test-build")
    let file = directory + "/eu.yaml"
    try FileText.read(Paths.thresholds + "/eu-ai-act.yaml").write(toFile: file, atomically: true, encoding: .utf8)
    let genuine = try ThresholdSet.loadFile(path: file, cache: cache)
    // The forger: parse a doctored copy, encode it, and seal it the way a plain-hash seal would be made.
    var forged = genuine.regime
    forged.rules = forged.rules.map { rule in
      var copy = rule
      if case .all(var items) = rule.when, case .compare(let metric, let op, _) = items[0] {
        items[0] = .compare(metric, op, .number(1e40))
        copy = Rule(id: rule.id, title: rule.title, effectiveFrom: rule.effectiveFrom, effectiveUntil: rule.effectiveUntil,
          markets: rule.markets, when: .all(items), obligations: rule.obligations, sources: rule.sources, notes: rule.notes, line: rule.line)
      }
      return copy
    }
    let payload = forged.encoded()
    let hex = FileDigest.sha256(Data(Array("regime\n\(genuine.provenance.sha256)\n".utf8) + payload))
    let plainSeal = stride(from: 0, to: 64, by: 2).map { offset -> UInt8 in
      let start = hex.index(hex.startIndex, offsetBy: offset)
      return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
    }
    for entry in try FileManager.default.contentsOfDirectory(atPath: directory + "/cache") {
      try Data(payload + plainSeal).write(to: URL(fileURLWithPath: directory + "/cache/" + entry))
    }
    let loaded = try ThresholdSet.loadFile(path: file, cache: cache)
    #expect(loaded.regime == genuine.regime)
    // The same holds for a second process (a new cache value over the same directory and secret).
    let again = try ThresholdSet.loadFile(path: file, cache: ParsedFileCache(directory: directory + "/cache", buildIdentity: "test-build"))
    #expect(again.regime == genuine.regime)
  }

  @Test func aCacheDirectoryOthersCanWriteIsNotUsed() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let shared = directory + "/shared"
    try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
    chmod(shared, 0o777)
    #expect(ParsedFileCache(directory: shared, buildIdentity: "b").directory == nil)
    chmod(shared, 0o700)
    #expect(ParsedFileCache(directory: shared, buildIdentity: "b").directory == shared)
    // A secret others can read is refused too.
    chmod(shared + ".key", 0o644)
    #expect(ParsedFileCache(directory: shared, buildIdentity: "b").directory == nil)
  }

  @Test func aDamagedEntryIsParsedAgain() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = ParsedFileCache(directory: directory, buildIdentity: "test-build")
    let file = Paths.fixture("thresholds/internal-policy.yaml")
    let first = try ThresholdSet.loadFile(path: file, cache: cache)
    for entry in try FileManager.default.contentsOfDirectory(atPath: directory) {
      try Data("not a cache entry".utf8).write(to: URL(fileURLWithPath: directory + "/" + entry))
    }
    #expect(try ThresholdSet.loadFile(path: file, cache: cache).regime == first.regime)
  }

  @Test func anotherBuildDoesNotShareEntries() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = Paths.fixture("thresholds/internal-policy.yaml")
    _ = try ThresholdSet.loadFile(path: file, cache: ParsedFileCache(directory: directory, buildIdentity: "build-a"))
    _ = try ThresholdSet.loadFile(path: file, cache: ParsedFileCache(directory: directory, buildIdentity: "build-b"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 2)
  }

  @Test func anInvalidFileIsRefusedAndNotCached() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = directory + "/bad.yaml"
    try ThresholdFileTests.valid.replacingOccurrences(of: "op: \">\"", with: "op: \"~\"").write(toFile: file, atomically: true, encoding: .utf8)
    let cache = ParsedFileCache(directory: directory + "/cache", buildIdentity: "test-build")
    #expect(throws: FlopFilesError.self) { try ThresholdSet.loadFile(path: file, cache: cache) }
    #expect(!FileManager.default.fileExists(atPath: directory + "/cache"))
  }
}

@Suite struct ParsedFileCachePruningTests {
  @Test func onlyTheMostRecentBuildsKeepTheirEntries() throws {
    let directory = NSTemporaryDirectory() + "flopwatch-cache-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = Paths.fixture("thresholds/internal-policy.yaml")
    let builds = (1...6).map { ParsedFileCache(directory: directory, buildIdentity: "build-\($0)") }
    for (age, cache) in builds.enumerated() {
      _ = try ThresholdSet.loadFile(path: file, cache: cache)
      // Make each earlier build's entries clearly older than the next one's.
      for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasPrefix(cache.buildTag) {
        try FileManager.default.setAttributes(
          [.modificationDate: Date(timeIntervalSinceNow: Double(age - 100) * 60)], ofItemAtPath: directory + "/" + name)
      }
    }
    let tags = Set(try FileManager.default.contentsOfDirectory(atPath: directory).map { String($0.prefix(12)) })
    #expect(tags == Set(builds.suffix(ParsedFileCache.keptBuilds).map(\.buildTag)))
    // A pruned build still loads correctly: it parses again.
    #expect(try ThresholdSet.loadFile(path: file, cache: builds[0]).regime.id == "internal-policy")
  }
}

@Suite struct ParsedFileCacheSealTests {
  @Test func anAlteredEntryIsNotUsed() throws {
    let directory = NSTemporaryDirectory() + "flopwatch-cache-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = ParsedFileCache(directory: directory, buildIdentity: "test-build")
    let file = Paths.fixture("thresholds/internal-policy.yaml")
    let text = try FileText.read(file)
    let hash = FileDigest.sha256(text)
    let parsed = try ThresholdSet.loadFile(path: file, cache: cache)
    #expect(cache.entry(kind: "regime", sha256: hash) == parsed.regime.encoded())

    // Change one byte of the payload in place: the seal no longer matches.
    let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
    var bytes = try FileText.readBytes(directory + "/" + name)
    bytes[bytes.count / 2] ^= 0x01
    try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    #expect(cache.entry(kind: "regime", sha256: hash) == nil)
    #expect(try ThresholdSet.loadFile(path: file, cache: cache).regime == parsed.regime)
  }
}
