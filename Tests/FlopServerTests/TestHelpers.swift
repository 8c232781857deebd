import FlopCommands
import Foundation

/// Runs `flopwatch` in-process.
enum CLI {
  static func run(_ arguments: [String]) -> (output: String, error: String?, code: Int32) {
    let (result, error) = FlopwatchCommand.run(arguments: arguments)
    return (result.output, error, result.exitCode)
  }
}
