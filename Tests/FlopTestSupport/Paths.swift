import Foundation

/// Repository paths found from this file, so tests run from any working directory.
public enum Paths {
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  public static func fixture(_ path: String) -> String { root.appendingPathComponent("Fixtures/\(path)").path }
  public static let thresholds = root.appendingPathComponent("Thresholds").path
  public static let catalogue = root.appendingPathComponent("Thresholds/accelerators.yaml").path
}
