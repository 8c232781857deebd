import Crypto
import FlopCommands
import FlopFetch
import FlopFiles
import Foundation
import Testing
import FlopTestSupport

@Suite(.serialized) struct UpdateTests {
  @Test func goodUpdateInstallsAndVerifies() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    let outcome = try fixture.update()
    #expect(outcome.result == "installed")
    #expect(outcome.version == 1)
    #expect(fixture.store.installedVersion == 1)
    let installed = try #require(fixture.store.installedDirectory)
    let shipped = try FileText.read(Paths.thresholds + "/eu-ai-act.yaml")
    #expect(try FileText.read(installed + "/eu-ai-act.yaml") == shipped)
    #expect(FileManager.default.fileExists(atPath: installed + "/index.json.sig"))
  }

  @Test func unchangedChannelDownloadsNoFiles() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    _ = try fixture.update()
    let before = try fixture.counts()
    let again = try fixture.update()
    #expect(again.result == "unchanged")
    let after = try fixture.counts()
    #expect(after["/index.json"] == (before["/index.json"] ?? 0) + 1)   // one conditional request, answered 304
    #expect(after["/index.json.sig"] == before["/index.json.sig"])
    #expect(after["/eu-ai-act.yaml"] == before["/eu-ai-act.yaml"])
    // Same version served in full (no ETag match): still no file downloads.
    var state = fixture.store.loadState()
    state.etag = nil
    try fixture.store.saveState(state)
    #expect(try fixture.update().result == "unchanged")
    #expect(try fixture.counts()["/eu-ai-act.yaml"] == before["/eu-ai-act.yaml"])
  }

  /// A server with only a 1-second Last-Modified (no ETag) must not hide a republish in the same second.
  @Test func republishedInTheSameSecondIsSeen() throws {
    let fixture = try ChannelFixture()
    let now = Date()
    try fixture.publish(version: 1, now: now)
    let index = fixture.channel + "/index.json"
    let first = try #require(try FileManager.default.attributesOfItem(atPath: index)[.modificationDate] as? Date)
    #expect(try fixture.update(path: "/lastmod").version == 1)
    try fixture.publish(version: 2, now: now)
    // The new index carries the first one's mtime second, as a republish within that second would.
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: floor(first.timeIntervalSince1970))], ofItemAtPath: index)
    let outcome = try fixture.update(path: "/lastmod")
    #expect(outcome.result == "installed")
    #expect(outcome.version == 2)
  }

  @Test func newerVersionReplacesAndRollbackReturns() throws {
    let fixture = try ChannelFixture()
    let first = try fixture.publish(now: Date(timeIntervalSinceNow: -86400))
    _ = try fixture.update()
    let newer = try fixture.publish()
    let second = try fixture.update()
    #expect(second.version == 2 && second.previousVersion == 1)
    #expect(fixture.store.installedDates.published == newer.published)
    let rolled = try fixture.store.rollback()
    #expect(rolled.from == 2 && rolled.to == 1)
    #expect(fixture.store.installedVersion == 1)
    #expect(fixture.store.loadState().trustedVersion == 2)
    // What is in use now is version 1, published a day earlier.
    #expect(fixture.store.installedDates.published == first.published)
    #expect(first.published != newer.published)
  }

  enum Tamper: String, CaseIterable, Sendable {
    case badSignature, missingSignature, olderVersion, expired, fileHashDiffers, fileLargerThanDeclared, invalidThresholdFile,
      malformedIndex, unsafePath, stalled, endlessBody, redirectLeavesLoopback
  }

  /// Every rejection leaves the installed set (version 1) exactly as it was.
  @Test(arguments: Tamper.allCases)
  func rejectsAndKeepsTheInstalledSet(_ tamper: Tamper) throws {
    let fixture = try ChannelFixture()
    try fixture.publish(version: 2)
    _ = try fixture.update()
    let before = fixture.installedFingerprint()
    var path = ""
    var expected: FetchError.Kind
    switch tamper {
    case .badSignature:
      try fixture.publish(version: 3)
      let other = Curve25519.Signing.PrivateKey()
      let bytes = try #require(FileManager.default.contents(atPath: fixture.channel + "/index.json"))
      try Data(try ChannelKeys.sign(bytes, with: other).utf8).write(to: URL(fileURLWithPath: fixture.channel + "/index.json.sig"))
      expected = .signature
    case .missingSignature:
      try fixture.publish(version: 3)
      try FileManager.default.removeItem(atPath: fixture.channel + "/index.json.sig")
      expected = .httpStatus
    case .olderVersion:
      try FileManager.default.removeItem(atPath: fixture.channel + "/index.json")
      try fixture.publish(version: 1)
      expected = .rollback
    case .expired:
      try fixture.publish(version: 3, validDays: 30, now: Date().addingTimeInterval(-40 * 86400))
      expected = .expired
    case .fileHashDiffers:
      try fixture.publish(version: 3)
      var text = try FileText.read(fixture.channel + "/eu-ai-act.yaml")
      text = text.replacingOccurrences(of: "value: 1e25", with: "value: 1e29")
      try text.write(toFile: fixture.channel + "/eu-ai-act.yaml", atomically: true, encoding: .utf8)
      expected = .integrity
    case .fileLargerThanDeclared:
      try fixture.publish(version: 3)
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.channel + "/kr-ai-basic-act.yaml"))
      try handle.seekToEnd()
      try handle.write(contentsOf: [UInt8](repeating: 0x20, count: 5000))
      try handle.close()
      expected = .tooLarge
    case .invalidThresholdFile:
      try fixture.publish(version: 3)
      let bad = "flopwatch-thresholds: 1\nid: broken\nrules: []\n"
      try bad.write(toFile: fixture.channel + "/broken.yaml", atomically: true, encoding: .utf8)
      try fixture.resign { index in
        index.files.append(.init(path: "broken.yaml", sha256: FileDigest.sha256(bad), size: bad.utf8.count))
      }
      expected = .validation
    case .malformedIndex:
      try fixture.publish(version: 3)
      let garbage = Data("{\"version\": \"three\"".utf8)
      try garbage.write(to: URL(fileURLWithPath: fixture.channel + "/index.json"))
      try Data(try ChannelKeys.sign(garbage, with: try ChannelKeys.loadPrivate(fixture.keys + "/channel.key")).utf8)
        .write(to: URL(fileURLWithPath: fixture.channel + "/index.json.sig"))
      expected = .malformed
    case .unsafePath:
      try fixture.publish(version: 3)
      try fixture.resign { index in index.files[0].path = "../../evil.yaml" }
      expected = .malformed
    case .stalled:
      path = "/stall"
      expected = .stalled
    case .endlessBody:
      path = "/endless"
      expected = .tooLarge
    case .redirectLeavesLoopback:
      path = "/away"
      expected = .insecureURL
    }
    do {
      _ = try fixture.update(path: path)
      Issue.record("\(tamper) was accepted")
    } catch let error as FetchError {
      #expect(error.kind == expected, "\(tamper): \(error)")
    }
    #expect(fixture.installedFingerprint() == before)
    #expect(fixture.store.loadState().lastResult?.hasPrefix("failed") == true)
  }

  @Test func transientFailuresAreRetriedAndOthersAreNot() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    var client = fixture.client
    client.attempts = 3
    client.backoff = 0.01
    #expect(try client.get(fixture.url + "/flaky/index.json").status == 200)
    #expect(try fixture.counts()["/flaky/index.json"] == 2)
    do {
      _ = try client.get(fixture.url + "/missing.json")
      Issue.record("a 404 was accepted")
    } catch {
      #expect(error.kind == .httpStatus && !error.isTransient)
    }
    #expect(try fixture.counts()["/missing.json"] == 1)
  }

  @Test func checkUsesTheInstalledSetAndNamesIt() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    _ = try fixture.update()
    let run = Paths.root.appendingPathComponent("Fixtures/runs/atlas-2.yaml").path
    let (result, error) = FlopwatchCommand.run(arguments: ["check", run, "--home", fixture.home])
    #expect(result.exitCode == 0, "\(error ?? "")")
    #expect(result.output.contains("Thresholds: installed set version 1"))
  }

  @Test func redirectWithinLoopbackIsFollowed() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    let response = try fixture.client.get(fixture.url + "/hop/index.json")
    #expect(response.status == 200)
  }

  @Test(arguments: ["http://example.com/channel", "ftp://127.0.0.1/x", "gopher://x", "not a url"])
  func insecureChannelsAreRefused(url: String) {
    #expect(throws: FetchError.self) { try HTTPClient(version: "t").get(url) }
  }

  @Test func fileChannelsWorkForAirGappedSites() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    let outcome = try fixture.updater.update(channel: "file://" + fixture.channel, trustedKey: try fixture.publicKey)
    #expect(outcome.result == "installed")
  }

  /// `--channel DIR` (the README promises "a directory or URL") is read as a file:// channel.
  @Test func aDirectoryIsAChannel() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    let (result, error) = FlopwatchCommand.run(arguments: [
      "thresholds", "update", "--channel", fixture.channel, "--trusted-key", fixture.keys + "/channel.pub", "--home", fixture.home,
    ])
    #expect(result.exitCode == 0, "\(error ?? "")")
    #expect(result.output.hasPrefix("installed version 1"))
  }

  @Test func offlineKeepsTheInstalledSet() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    _ = try fixture.update()
    let before = fixture.installedFingerprint()
    #expect(throws: FetchError.self) { try fixture.updater.update(channel: "http://127.0.0.1:9", trustedKey: try fixture.publicKey) }
    #expect(fixture.installedFingerprint() == before)
  }

  /// An expired set answered 304 is an error, not "unchanged" (issue 12).
  @Test func anExpiredSetIsAnErrorEvenWhenNothingIsNewer() throws {
    let fixture = try ChannelFixture()
    let now = Date()
    try fixture.publish(validDays: 1, now: now)
    _ = try fixture.updater.update(channel: fixture.url, trustedKey: try fixture.publicKey, now: now)
    #expect {
      try fixture.updater.update(channel: fixture.url, trustedKey: try fixture.publicKey, now: now.addingTimeInterval(3 * 86400))
    } throws: { error in
      (error as? FetchError)?.kind == .expired && "\(error)".contains("offers nothing newer")
    }
  }

  /// One update has one time limit: past it, no further request is made.
  @Test func theTimeLimitStopsFurtherRequests() throws {
    let fixture = try ChannelFixture()
    try fixture.publish()
    var client = fixture.client
    client.deadline = Date().addingTimeInterval(-1)
    let before = try fixture.counts()["/index.json"] ?? 0
    #expect {
      try ThresholdUpdater(client: client, store: fixture.store).update(channel: fixture.url, trustedKey: try fixture.publicKey)
    } throws: { error in
      (error as? FetchError)?.kind == .timeout
    }
    #expect((try fixture.counts()["/index.json"] ?? 0) == before)
  }

  /// Versions and validity are bounded, so a client can never be pinned at Int.max.
  @Test func versionsAndValidityAreBounded() throws {
    let fixture = try ChannelFixture()
    #expect(throws: FetchError.self) { try fixture.publish(version: Int.max) }
    #expect(throws: FetchError.self) { try fixture.publish(validDays: Int.max) }
    let index = ChannelIndex(
      version: 2_000_000_000, published: "2026-12-01T00:00:00Z", expires: "2027-01-01T00:00:00Z",
      files: [.init(path: "a.yaml", sha256: String(repeating: "a", count: 64), size: 1)])
    #expect {
      try ChannelIndex.parse(try index.encoded(), maxFileBytes: 1 << 20)
    } throws: { error in
      "\(error)".contains("version must be 1 to")
    }
  }
}
