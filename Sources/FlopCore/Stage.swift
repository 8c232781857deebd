/// One stage of a training run: pre-training, fine-tuning, synthetic-data generation, …
public struct Stage: Sendable, Hashable, Codable {
  public var kind: StageKind
  /// An optional label shown in output.
  public var name: String?
  /// Tokens processed in this stage (all epochs), not the dataset size.
  public var tokens: Double?
  /// Parameters per token for this stage, when it differs from the model's.
  public var parameters: Double?
  public var hardware: HardwareSpec?
  /// A measured figure in FLOP; when present it wins over estimation.
  public var flop: Double?
  /// The measured figure's own bounds (`flop: {central, low, high}`); equal bounds make it exact.
  /// Without them a declared figure is taken as measured to about ±5%.
  public var flopBounds: ClosedRange<Double>?
  /// Synthetic data and RL rollouts: active parameters of the model generating tokens.
  public var generatorActiveParameters: Double?
  /// Synthetic data and RL rollouts: tokens generated, discarded samples included.
  public var tokensGenerated: Double?
  /// Synthetic data: whether the data is publicly accessible (then it need not be counted).
  public var isPublic: Bool?

  public init(
    kind: StageKind, name: String? = nil, tokens: Double? = nil, parameters: Double? = nil,
    hardware: HardwareSpec? = nil, flop: Double? = nil, generatorActiveParameters: Double? = nil,
    tokensGenerated: Double? = nil, isPublic: Bool? = nil
  ) {
    self.kind = kind
    self.name = name
    self.tokens = tokens
    self.parameters = parameters
    self.hardware = hardware
    self.flop = flop
    self.generatorActiveParameters = generatorActiveParameters
    self.tokensGenerated = tokensGenerated
    self.isPublic = isPublic
  }

  /// The label used in output: the name if given, else the kind.
  public var label: String { name ?? kind.rawValue }
}
