/// What is known about the model being trained.
public struct ModelSpec: Sendable, Hashable, Codable {
  public var architecture: Architecture
  /// Total parameters.
  public var parameters: Double?
  /// Parameters used per token (mixture-of-experts); equals `parameters` for dense models.
  public var activeParameters: Double?
  public var layers: Double?
  public var dModel: Double?
  public var heads: Double?
  public var ffnDim: Double?
  public var contextLength: Double?
  public var vocabSize: Double?
  /// Output modalities: text, code, audio, image, video, other.
  public var modalities: [String]
  /// `general`, `biological-sequences`, …
  public var domain: String?

  public init(
    architecture: Architecture = .dense, parameters: Double? = nil, activeParameters: Double? = nil,
    layers: Double? = nil, dModel: Double? = nil, heads: Double? = nil, ffnDim: Double? = nil,
    contextLength: Double? = nil, vocabSize: Double? = nil, modalities: [String] = [], domain: String? = nil
  ) {
    self.architecture = architecture
    self.parameters = parameters
    self.activeParameters = activeParameters
    self.layers = layers
    self.dModel = dModel
    self.heads = heads
    self.ffnDim = ffnDim
    self.contextLength = contextLength
    self.vocabSize = vocabSize
    self.modalities = modalities
    self.domain = domain
  }

  /// The parameters a token passes through in training: active parameters for a
  /// mixture-of-experts model, else all parameters.
  public var parametersPerToken: Double? {
    switch architecture {
    case .moe: return activeParameters
    default: return activeParameters ?? parameters
    }
  }

  /// Whether the per-layer (architecture) method has its inputs.
  public var hasArchitectureDetail: Bool {
    layers != nil && dModel != nil && contextLength != nil
  }
}
