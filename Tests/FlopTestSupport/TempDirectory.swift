import Foundation

/// A fresh temporary directory for one test, removed by `remove()`.
public struct TempDirectory: Sendable {
  public let url = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-test-\(UUID().uuidString)")
  public init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  public func remove() { try? FileManager.default.removeItem(at: url) }
}
