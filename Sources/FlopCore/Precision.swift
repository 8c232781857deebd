/// A numeric format whose dense peak throughput an accelerator publishes.
///
/// All precisions count equally as FLOP (EU guidelines, Annex A.2); precision only decides
/// which peak FLOP/s a hardware-based estimate multiplies by.
public enum Precision: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case fp32, tf32, bf16, fp16, fp8

  /// Reads a precision, accepting common spellings (`bfloat16`, `float16`, `half`, `e4m3`).
  public init?(name: String) {
    switch name.lowercased().replacingHyphens() {
    case "fp32", "float32", "single": self = .fp32
    case "tf32", "tensorfloat32": self = .tf32
    case "bf16", "bfloat16": self = .bf16
    case "fp16", "float16", "half": self = .fp16
    case "fp8", "float8", "e4m3", "e5m2": self = .fp8
    default: return nil
    }
  }

  public static func < (lhs: Precision, rhs: Precision) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

extension String {
  func replacingHyphens() -> String {
    String(filter { $0 != "-" && $0 != "_" && $0 != " " })
  }
}
