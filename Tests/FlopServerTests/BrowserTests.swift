import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Testing

/// The web pages in a real headless Chromium driven by Selenium (`browser/browser_test.py`),
/// against the real `flopwatch serve` over a seeded registry. Screenshots of each page go to
/// `.build/screenshots/`. Skipped where Chromium is missing, unless `FLOPWATCH_REQUIRE_BROWSER=1`
/// (CI sets it: `.ci/setup` installs Debian's chromium and chromium-driver and Selenium).
@Suite(.serialized) struct BrowserTests {
  static var available: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
      && (try? ExternalTool.run("python3", ["-c", "import selenium"]).status) == 0
  }

  @Test func signInFilterOpenARunWatchProgressMarkDoneAndStayInert() async throws {
    guard Self.available else {
      if ProcessInfo.processInfo.environment["FLOPWATCH_REQUIRE_BROWSER"] == "1" {
        Issue.record("chromium, chromium-driver or selenium is missing (.ci/setup installs them)")
      }
      return
    }
    let fixture = try ServerFixture(backend: .sqlite)
    try fixture.add(ServerFixture.run(id: "atlas", params: "400B", tokens: "15T"))
    try fixture.add(ServerFixture.run(id: "wren", params: "1B", tokens: "100B"))
    let hostile = #"<script>alert(1)</script>"><img src=x onerror="window.__xss=1">"#
    try fixture.add(ServerFixture.run(id: "xss").replacingOccurrences(of: "name: xss", with: "name: '\(hostile)'")
      .replacingOccurrences(of: "{name: Lab,", with: "{name: 'javascript:alert(1)',"))
    let registry = try fixture.registry()
    let assessor = fixture.assessor
    for (day, tokens) in [("2026-11-05", 2e12), ("2026-11-12", 5e12)] {
      _ = try registry.recordProgress("atlas", at: Registry.parseTime(day)!, tokens: tokens, gpuHours: nil, actor: "setup", assessor: assessor, now: Registry.parseTime("2026-12-01")!)
    }
    let server = try LiveServer(location: fixture.location, environment: ["FLOPWATCH_HOME": LiveServerTests.home])
    defer { server.stop() }
    let shots = Paths.root.appendingPathComponent(".build/screenshots").path
    let script = Paths.root.appendingPathComponent("Tests/FlopServerTests/browser/browser_test.py").path
    let (status, output) = try ExternalTool.run("python3", [
      script, server.base, try #require(fixture.tokens[.compliance]), try #require(fixture.tokens[.viewer]),
      try #require(fixture.tokens[.submitter]), shots, "xss",
    ])
    #expect(status == 0, "\(output.suffix(4000))")
    #expect(output.contains("all browser checks passed"), "\(output.suffix(4000))")
    for page in ["runs", "runs-filtered", "run", "xss", "obligations", "thresholds", "viewer-refused"] {
      #expect(FileManager.default.fileExists(atPath: "\(shots)/\(page).png"), "screenshot \(page).png")
    }
    #expect(try registry.show("atlas").progress.count == 3)
  }
}
