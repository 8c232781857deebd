import FlopCommands
import FlopFiles
import Foundation
import Testing
import FlopTestSupport

/// `registry progress --from-trainer-state`: a Hugging Face Trainer run reports itself with no
/// code change (issue 14, item 6, in local mode).
@Suite(.serialized) struct TrainerStateTests {
  /// A registry with a 7B run planned for 1T tokens, and a copy of the fixture state file written
  /// (by its modification time) on 2026-11-20.
  func setUp(_ dir: TempDirectory, totalFLOs: String? = nil) throws -> (db: String, state: String) {
    let (run, state) = try TrainerFixture.write(into: dir, totalFLOs: totalFLOs)
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "add", run, "--registry", db]).code == 0)
    return (db, state)
  }

  @Test func theTokensSeenAreRecordedWhenTheStateWasWritten() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let (db, state) = try setUp(dir)
    let result = CLI.run(["registry", "progress", "tuned-7b", "--from-trainer-state", state, "--registry", db])
    #expect(result.code == 0, "\(result.error ?? "")")
    #expect(result.output.contains("2.00e11 tokens done"), "\(result.output)")
    #expect(result.output.contains("Trainer state: 2.00e11 tokens seen at step 2000"), "\(result.output)")
    // 6 × 7e9 × 2e11 = 8.4e21 against the Trainer's 7.8e21 (it leaves out embeddings): agreed.
    #expect(result.output.contains("total_flos 7.8e21 vs FlopWatch's 8.4e21"), "\(result.output)")
    #expect(!result.output.contains("disagree"))
    let show = CLI.run(["registry", "show", "tuned-7b", "--registry", db]).output
    #expect(show.contains("2026-11-20T12:00:00Z: 2.00e11 tokens"), "\(show)")
    #expect(CLI.run(["registry", "verify", "--registry", db]).code == 0)
  }

  @Test func aTotalFlosTenTimesOffIsFlaggedAndFlopWatchsFigureUsed() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let (db, state) = try setUp(dir, totalFLOs: "8.4e+22")
    let result = CLI.run(["registry", "progress", "tuned-7b", "--from-trainer-state", state, "--registry", db, "--format", "json"])
    #expect(result.code == 0, "\(result.error ?? "")")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let notes = try #require(json["notes"] as? [String])
    #expect(notes.contains { $0.contains("disagree by 10×") && $0.contains("FlopWatch's estimate") && $0.contains("was used") }, "\(notes)")
    // The forecast's compute is FlopWatch's own: 8.4e21 now, not the Trainer's 8.4e22.
    #expect(abs((json["flop_now"] as? Double ?? 0) / 8.4e21 - 1) < 1e-6, "\(json)")
  }

  @Test(arguments: [
    (#"{"global_step": 10, "total_flos": 1e18}"#, "num_input_tokens_seen: no tokens counted"),
    (#"{"num_input_tokens_seen": "lots"}"#, "num_input_tokens_seen: expected a number"),
    (#"{"num_input_tokens_seen": 1e9, "global_step": 2.5}"#, "global_step: expected a whole number"),
    (#"{"num_input_tokens_seen": 1e9, "total_flos": -1}"#, "total_flos: expected a number"),
    ("not json", "not a Trainer state file"),
    ("[1, 2]", "not a Trainer state file"),
  ])
  func aBadStateFileIsAClearErrorAndRecordsNothing(_ text: String, message: String) throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let (db, state) = try setUp(dir)
    try text.write(toFile: state, atomically: true, encoding: .utf8)
    let result = CLI.run(["registry", "progress", "tuned-7b", "--from-trainer-state", state, "--registry", db])
    #expect(result.code == 2)
    #expect(result.error?.contains(message) == true, "\(result.error ?? "")")
    #expect(result.error?.contains("trainer_state.json") == true, "\(result.error ?? "")")
    #expect(!CLI.run(["registry", "show", "tuned-7b", "--registry", db]).output.contains("Progress\n"))
  }

  @Test func tokensAndATrainerStateAreNotGivenTogether() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let (db, state) = try setUp(dir)
    let result = CLI.run(["registry", "progress", "tuned-7b", "--from-trainer-state", state, "--tokens", "1T", "--registry", db])
    #expect(result.code == 2 && result.error?.contains("takes no --tokens") == true)
  }
}
