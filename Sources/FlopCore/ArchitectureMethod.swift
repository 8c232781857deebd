/// Compute from the architecture: the per-layer count of Chinchilla's appendix F.
///
/// Per token, training costs 3 × forward, and the forward pass is 2 FLOP per matrix
/// parameter (projections, feed-forward, output logits) plus the attention scores:
/// QKᵀ and softmax·V each cost 2·S·d per layer (Hoffmann et al. 2022, appendix F;
/// PaLM's `6N + 12·L·H·Q·T`). This differs from 6·N·D by the attention-score term
/// `12·L·S·d` per token, which grows with context length: it is small when
/// d_model ≫ S/12 (Kaplan et al. 2020) and large for long-context or small models.
/// The softmax (3·H·S per layer forward) is added when the head count is known.
public enum ArchitectureMethod {
  /// The inputs of the per-layer count.
  public struct Inputs: Sendable, Hashable {
    public var layers: Double
    public var dModel: Double
    public var contextLength: Double
    public var vocabSize: Double?
    public var heads: Double?
    public var ffnDim: Double?
    /// Parameters per token, when known; else derived from the shape.
    public var parametersPerToken: Double?
    public var tokens: Double

    public init(
      layers: Double, dModel: Double, contextLength: Double, vocabSize: Double? = nil, heads: Double? = nil,
      ffnDim: Double? = nil, parametersPerToken: Double? = nil, tokens: Double
    ) {
      self.layers = layers
      self.dModel = dModel
      self.contextLength = contextLength
      self.vocabSize = vocabSize
      self.heads = heads
      self.ffnDim = ffnDim
      self.parametersPerToken = parametersPerToken
      self.tokens = tokens
    }
  }

  /// Estimates training compute from the architecture's shape.
  public static func estimate(_ inputs: Inputs) -> MethodEstimate {
    let l = inputs.layers, d = inputs.dModel, s = inputs.contextLength
    var factors: [UncertaintyFactor] = []
    let matrixParameters: Double
    if let given = inputs.parametersPerToken {
      matrixParameters = given
      factors.append(UncertaintyFactor("whether the parameter count includes embeddings and the output head", low: 0.95, high: 1.05))
    } else {
      let ffn = inputs.ffnDim ?? 4 * d
      let head = (inputs.vocabSize ?? 0) * d
      matrixParameters = l * (4 * d * d + 2 * d * ffn) + head
      if inputs.ffnDim == nil {
        factors.append(UncertaintyFactor("feed-forward width and gating unknown", low: 0.85, high: 1.25))
      } else {
        factors.append(UncertaintyFactor("gated feed-forward (three matrices) or grouped-query attention change the matrix count", low: 0.85, high: 1.3))
      }
      if inputs.vocabSize == nil {
        factors.append(UncertaintyFactor("vocabulary size unknown: output logits not counted", low: 1.0, high: 1.1))
      }
    }
    let perTokenMatrix = 6 * matrixParameters
    let perTokenAttention = 12 * l * s * d
    let perTokenSoftmax = inputs.heads.map { 9 * $0 * s * l } ?? 0
    let perToken = perTokenMatrix + perTokenAttention + perTokenSoftmax
    let central = perToken * inputs.tokens
    // Kernels that skip masked positions do half the attention-score work.
    let causalLow = (perTokenMatrix + perTokenAttention / 2 + perTokenSoftmax / 2) / perToken
    factors.append(UncertaintyFactor("causal masking may halve the attention-score work", low: causalLow, high: 1.0))
    factors.append(UncertaintyFactor("restarts and lost work that some developers include in reported figures", low: 1.0, high: 1.15))
    let attentionShare = (perTokenAttention + perTokenSoftmax) / perToken
    let basis = EstimateBasis.ArchitectureBasis(
      layers: l, dModel: d, contextLength: s, tokens: inputs.tokens, matrixParameters: matrixParameters,
      attentionShare: attentionShare, vocabSize: inputs.vocabSize, heads: inputs.heads,
      ffnAssumed: inputs.parametersPerToken == nil && inputs.ffnDim == nil)
    return MethodEstimate(
      method: .architecture, flop: UncertaintyFactor.interval(central: central, factors: factors), uncertainty: factors,
      basis: .architecture(basis))
  }
}
