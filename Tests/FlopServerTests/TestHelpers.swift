import FlopCommands
import Foundation

/// Runs `flopwatch` in-process.
enum CLI {
  static func run(_ arguments: [String]) -> (output: String, error: String?, code: Int32) {
    let (result, error) = FlopwatchCommand.run(arguments: arguments)
    return (result.output, error, result.exitCode)
  }
}

/// A fresh temporary directory.
struct TempDirectory {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-server-\(UUID().uuidString)")
  init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  func remove() { try? FileManager.default.removeItem(at: url) }
}
