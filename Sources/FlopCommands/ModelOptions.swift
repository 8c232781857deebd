import ArgumentParser

/// Flags describing the model and its data, for `estimate` and `plan`.
public struct ModelOptions: ParsableArguments {
  @Option(name: .customLong("params"), parsing: .unconditional, help: "Total parameters (405B, 4.05e11).")
  public var parameters: String?

  @Option(name: .customLong("active-params"), parsing: .unconditional, help: "Parameters used per token (mixture-of-experts).")
  public var activeParameters: String?

  @Option(parsing: .unconditional, help: "Tokens processed, all epochs (15.6T).")
  public var tokens: String?

  @Option(help: "dense, moe, encoder-decoder, diffusion or other (default dense).")
  public var architecture: String?

  @Option(parsing: .unconditional, help: "Layers, for the per-layer (architecture) count.")
  public var layers: String?

  @Option(name: .customLong("d-model"), parsing: .unconditional, help: "Model width d_model.")
  public var dModel: String?

  @Option(parsing: .unconditional, help: "Attention heads (adds the softmax term).")
  public var heads: String?

  @Option(name: .customLong("ffn-dim"), parsing: .unconditional, help: "Feed-forward width (default 4·d_model).")
  public var ffnDim: String?

  @Option(name: .customLong("context-length"), parsing: .unconditional, help: "Training context length in tokens.")
  public var contextLength: String?

  @Option(name: .customLong("vocab-size"), parsing: .unconditional, help: "Vocabulary size.")
  public var vocabSize: String?

  public init() {}

  var isSet: Bool {
    [parameters, activeParameters, tokens, architecture, layers, dModel, heads, ffnDim, contextLength, vocabSize]
      .contains { $0 != nil }
  }
}
