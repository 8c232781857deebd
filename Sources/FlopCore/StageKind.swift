/// The kind of a training stage, which decides whether its compute counts.
public enum StageKind: String, Sendable, Hashable, Codable, CaseIterable {
  case preTraining = "pre-training"
  case continuedPreTraining = "continued-pre-training"
  case fineTuning = "fine-tuning"
  case reinforcementLearning = "reinforcement-learning"
  case syntheticData = "synthetic-data"
  case evaluation
  case distillationTeacher = "distillation-teacher"
  case rewardModel = "reward-model"

  /// Whether the stage updates the model's own parameters (so 6·N·D applies to its tokens).
  public var updatesParameters: Bool {
    switch self {
    case .preTraining, .continuedPreTraining, .fineTuning, .reinforcementLearning: return true
    case .syntheticData, .evaluation, .distillationTeacher, .rewardModel: return false
    }
  }

}
