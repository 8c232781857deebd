import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// `accelerators`, `init` and `registry audit` (issue 11 §5, expected and missing).
@Suite struct NewCommandsTests {
  @Test func acceleratorsListAndShow() throws {
    let list = CLI.run(["accelerators"])
    #expect(list.code == 0)
    #expect(list.output.contains("H100-SXM") && list.output.contains("Trainium2"))
    let show = CLI.run(["accelerators", "show", "trillium"])
    #expect(show.output.hasPrefix("TPU-v6e:"))
    #expect(show.output.contains("source: https://cloud.google.com/tpu/docs/v6e"))
    #expect(!show.output.contains("fp8"))
    let unknown = CLI.run(["accelerators", "show", "H1000"])
    #expect(unknown.code == 2)
    #expect(unknown.error?.contains("unknown accelerator 'H1000'") == true)
  }

  @Test func initWritesAConfigThatLoadsAndNeverOverwrites() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-init-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    #expect(CLI.run(["init", "--home", home]).code == 0)
    let written = try String(contentsOfFile: home + "/config.yaml", encoding: .utf8)
    #expect(written.contains("# channel:"))
    #expect(CLI.run(["init", "--home", home]).code == 2)
    #expect(CLI.run(["init", "--home", home, "--force"]).code == 0)
    // The commented file configures nothing: update asks for a channel instead of failing to read it.
    let update = CLI.run(["thresholds", "update", "--home", home])
    #expect(update.error?.contains("no channel") == true, "\(update.error ?? "")")
  }

  @Test func auditFiltersByRunActorAndDate() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let db = directory.appendingPathComponent("r.sqlite").path
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db, "--actor", "lead"]).code == 0)
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/wren-1b.yaml"), "--registry", db, "--actor", "bot"]).code == 0)
    #expect(try CLI.jsonArray(["registry", "audit", "--registry", db]).count == 2)
    let byBot = try CLI.jsonArray(["registry", "audit", "--by", "bot", "--registry", db])
    #expect(byBot.map { $0["actor"] as? String } == ["bot"])
    #expect(try CLI.jsonArray(["registry", "audit", "--run", "atlas-2", "--registry", db]).count == 1)
    #expect(try CLI.jsonArray(["registry", "audit", "--until", "2000-01-01", "--registry", db]).isEmpty)
    #expect(CLI.run(["registry", "audit", "--since", "yesterday", "--registry", db]).code == 2)
  }
}
