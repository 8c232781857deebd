import Foundation

/// What a Hugging Face Trainer's `trainer_state.json` says about a run's progress, read as
/// untrusted input: the tokens seen, the step, and the Trainer's own FLOP count.
///
/// `num_input_tokens_seen` is written when `TrainingArguments(include_num_input_tokens_seen=True)`;
/// `total_flos` is the Trainer's running count, 6 × tokens × parameters without embeddings
/// (transformers' `floating_point_ops`), so it sits a little under a full 6·N·D.
public struct TrainerState: Sendable, Hashable {
  public var tokensSeen: Double
  public var globalStep: Int?
  public var totalFLOs: Double?
  /// When the Trainer wrote the file (its modification time): when the state was true.
  public var savedAt: Date?

  public init(tokensSeen: Double, globalStep: Int? = nil, totalFLOs: Double? = nil, savedAt: Date? = nil) {
    self.tokensSeen = tokensSeen
    self.globalStep = globalStep
    self.totalFLOs = totalFLOs
    self.savedAt = savedAt
  }

  /// Reads and checks a state file; errors name the file and the field.
  public static func load(path: String) throws(FlopFilesError) -> TrainerState {
    let text = try FileText.read(path)
    var state = try parse(text, file: path)
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
      state.savedAt = attributes[.modificationDate] as? Date
    }
    return state
  }

  /// Reads a state file's text.
  public static func parse(_ text: String, file: String) throws(FlopFilesError) -> TrainerState {
    guard let root = JSONValue.parse(text), case .object(let fields) = root else {
      throw FlopFilesError(file: file, line: nil, field: "", message: "not a Trainer state file (expected a JSON object, as transformers writes trainer_state.json)")
    }
    func number(_ key: String) throws(FlopFilesError) -> Double? {
      guard let value = fields[key], value != .null else { return nil }
      guard case .number(let number) = value, number.isFinite, number >= 0 else {
        throw FlopFilesError(file: file, line: nil, field: key, message: "expected a number of at least 0")
      }
      return number
    }
    guard let tokens = try number("num_input_tokens_seen"), tokens > 0 else {
      throw FlopFilesError(
        file: file, line: nil, field: "num_input_tokens_seen",
        message: "no tokens counted: train with TrainingArguments(include_num_input_tokens_seen=True), or give --tokens")
    }
    let step = try number("global_step")
    guard step.map({ $0 == $0.rounded() && $0 < 1e15 }) ?? true else {
      throw FlopFilesError(file: file, line: nil, field: "global_step", message: "expected a whole number")
    }
    return TrainerState(tokensSeen: tokens, globalStep: step.map { Int($0) }, totalFLOs: try number("total_flos"))
  }
}
