import ArgumentParser

/// Flags describing the model and its data, for `estimate` and `plan`.
public struct ModelOptions: ParsableArguments {
  @Option(name: .customLong("params"), help: "Total parameters (405B, 4.05e11).")
  public var parameters: String?

  @Option(name: .customLong("active-params"), help: "Parameters used per token (mixture-of-experts).")
  public var activeParameters: String?

  @Option(help: "Tokens processed, all epochs (15.6T).")
  public var tokens: String?

  @Option(help: "dense, moe, encoder-decoder, diffusion or other (default dense).")
  public var architecture: String?

  @Option(help: "Layers, for the per-layer (architecture) count.")
  public var layers: String?

  @Option(name: .customLong("d-model"), help: "Model width d_model.")
  public var dModel: String?

  @Option(help: "Attention heads (adds the softmax term).")
  public var heads: String?

  @Option(name: .customLong("ffn-dim"), help: "Feed-forward width (default 4·d_model).")
  public var ffnDim: String?

  @Option(name: .customLong("context-length"), help: "Training context length in tokens.")
  public var contextLength: String?

  @Option(name: .customLong("vocab-size"), help: "Vocabulary size.")
  public var vocabSize: String?

  public init() {}

  var isSet: Bool {
    [parameters, activeParameters, tokens, architecture, layers, dModel, heads, ffnDim, contextLength, vocabSize]
      .contains { $0 != nil }
  }
}
