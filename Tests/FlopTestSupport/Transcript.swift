import Foundation

/// Command output compared across registries (two backends, local and client mode).
public enum Transcript {
  /// What differs between two registries by nature: where they are, when things were written,
  /// and the hashes that cover those times (a digest of obligations covers the time one was done).
  public static func normalized(_ text: String, location: String) -> String {
    var out = text.replacingOccurrences(of: location, with: "LOCATION")
    for (pattern, replacement) in [
      (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"#, "TIME"), (#"[0-9a-f]{64}"#, "HASH"), (#"[0-9a-f]{12,63}…"#, "HASH…"),
    ] {
      out = out.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return out
  }
}
