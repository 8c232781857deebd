import FlopCore

/// Epoch AI's accelerator names ("NVIDIA A100 SXM4 80 GB", "Google TPU v4") matched to the catalogue.
///
/// Only words that do not change a chip's peak are dropped (vendor, memory size, SXM form factor,
/// DGX packaging); anything else must match an id or alias, so a chip the catalogue lacks is
/// reported as unknown rather than taken for a relative (an H100 PCIe is not an H100 SXM).
public enum EpochHardware {
  static let vendorWords: Set<String> = ["nvidia", "google", "amd", "radeon", "instinct", "intel", "habana", "tesla", "aws", "amazon"]
  static let packagingWords: Set<String> = ["sxm", "sxm2", "sxm4", "sxm5", "dgx", "dgxs", "hbm2", "hbm2e", "hbm3", "hbm3e", "gb", "g"]

  /// The catalogue accelerator a name stands for, or nil when the catalogue has no such chip.
  public static func resolve(_ name: String, catalogue: AcceleratorCatalogue) -> Accelerator? {
    if let exact = catalogue.accelerator(named: name) { return exact }
    var text = name.lowercased()
    // "NVIDIA B300 (Blackwell Ultra)": the parenthesis is a marketing name.
    if let open = text.firstIndex(of: "(") { text = String(text[..<open]) }
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { !vendorWords.contains($0) }
    guard !words.isEmpty else { return nil }
    if let found = catalogue.accelerator(named: words.joined(separator: "-")) { return found }
    let kept = words.filter { word in !packagingWords.contains(word) && !isMemorySize(word) }
    guard !kept.isEmpty, kept.count < words.count else { return nil }
    return catalogue.accelerator(named: kept.joined(separator: "-"))
  }

  /// "80", "80gb", "40g": a memory size.
  static func isMemorySize(_ word: String) -> Bool {
    var digits = Substring(word)
    for suffix in ["gb", "g"] where digits.hasSuffix(suffix) {
      digits = digits.dropLast(suffix.count)
      break
    }
    return !digits.isEmpty && digits.allSatisfy(\.isNumber)
  }
}
