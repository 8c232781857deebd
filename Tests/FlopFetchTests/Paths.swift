import Foundation

/// Repository paths found from this file, so tests run from any working directory.
enum Paths {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static func fixture(_ path: String) -> String { root.appendingPathComponent("Fixtures/\(path)").path }
  static let catalogue = root.appendingPathComponent("Thresholds/accelerators.yaml").path
}

extension Paths {
  static let thresholds = root.appendingPathComponent("Thresholds").path
}
