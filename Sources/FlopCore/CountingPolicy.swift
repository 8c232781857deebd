/// Which stages count toward training compute, per the EU guidelines (Annex A.1).
///
/// Included: compute that updates parameters (pre-training, fine-tuning, RL) and the forward
/// passes generating non-public synthetic data, discarded samples included. Need not be
/// included: public synthetic data, evaluations and red-teaming, teachers for distillation,
/// auxiliary models (reward models), and activation recomputation.
public enum CountingPolicy {
  /// Whether a stage counts, why, and an assumption made when the run left it open.
  public struct Decision: Sendable, Hashable {
    public var counted: Bool
    public var reason: String
    public var assumption: String?
  }

  public static func decide(_ stage: Stage) -> Decision {
    switch stage.kind {
    case .preTraining, .continuedPreTraining, .fineTuning:
      return Decision(counted: true, reason: "updates the model's parameters (EU guidelines Annex A.1)")
    case .reinforcementLearning:
      return Decision(
        counted: true, reason: "RL updates the model's parameters; rollouts are generated data (EU guidelines Annex A.1)")
    case .syntheticData:
      switch stage.isPublic {
      case true:
        return Decision(counted: false, reason: "publicly accessible synthetic data need not be counted (EU guidelines Annex A.1)")
      case false:
        return Decision(
          counted: true, reason: "non-public synthetic data: generation counts, discarded samples included (EU guidelines Annex A.1)")
      case nil:
        return Decision(
          counted: true, reason: "synthetic data not stated public: counted as non-public (EU guidelines Annex A.1)",
          assumption: "synthetic-data stage does not say `public`: counted, the conservative reading")
      }
    case .evaluation:
      return Decision(counted: false, reason: "diagnostic compute (evaluation, red-teaming) need not be counted (EU guidelines Annex A.1)")
    case .distillationTeacher:
      return Decision(counted: false, reason: "training of a teacher used for distillation need not be counted (EU guidelines Annex A.1)")
    case .rewardModel:
      return Decision(counted: false, reason: "auxiliary models such as reward models need not be counted (EU guidelines Annex A.1)")
    }
  }
}
