/// The broad model family, which decides how parameters and tokens turn into FLOP.
public enum Architecture: String, Sendable, Hashable, Codable, CaseIterable {
  /// A dense decoder: every parameter is used for every token.
  case dense
  /// A mixture-of-experts model: only the active parameters are used per token.
  case moe
  /// An encoder-decoder model: a token passes through about half the parameters.
  case encoderDecoder = "encoder-decoder"
  /// A diffusion model: compute is per sample and step, better estimated from hardware.
  case diffusion
  /// Anything else.
  case other
}
