import Foundation

/// A 7B run planned for 1T tokens (`tuned-7b`) and a copy of the fixture Trainer state file,
/// written (by its modification time) on 2026-11-20T12:00:00Z.
public enum TrainerFixture {
  public static let runID = "tuned-7b"

  /// Writes `tuned.yaml` and `trainer_state.json` into `directory`; `totalFLOs` replaces the
  /// state's `total_flos`. Returns their paths.
  public static func write(into directory: TempDirectory, totalFLOs: String? = nil) throws -> (runFile: String, state: String) {
    let run = directory.path("tuned.yaml")
    try """
      flopwatch: 1
      id: \(runID)
      model: {parameters: 7e9}
      stages: [{kind: pre-training, tokens: 1T}]
      schedule: {start: 2026-11-01, end: 2026-12-31}
      markets: [EU]
      """.write(toFile: run, atomically: true, encoding: .utf8)
    var text = try String(contentsOfFile: Paths.fixture("trainer/trainer_state.json"), encoding: .utf8)
    if let totalFLOs { text = text.replacingOccurrences(of: "\"total_flos\": 7.8e+21", with: "\"total_flos\": \(totalFLOs)") }
    let state = directory.path("trainer_state.json")
    try text.write(toFile: state, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_795_176_000)], ofItemAtPath: state)  // 2026-11-20T12:00:00Z
    return (run, state)
  }
}
