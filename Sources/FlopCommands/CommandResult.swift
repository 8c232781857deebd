import ArgumentParser
import Foundation

/// What a command produced: text for stdout and an exit status.
///
/// Commands return their output instead of printing, so tests run them in-process and
/// read exactly what a user would see.
public struct CommandResult: Sendable {
  public var output: String
  public var exitCode: Int32
  /// Text for stderr beside the output, e.g. which gates tripped.
  public var diagnostics: String

  public init(output: String, exitCode: Int32 = 0, diagnostics: String = "") {
    self.output = output
    self.exitCode = exitCode
    self.diagnostics = diagnostics
  }
}

/// A command that computes its result without printing.
public protocol ResultCommand: ParsableCommand {
  /// Runs the command and returns its output and exit status.
  func execute() throws -> CommandResult
}

extension ResultCommand {
  /// Prints the result and exits with its status, for callers that go through
  /// swift-argument-parser's own `main()` (e.g. `CheckCommand.main()` from a library user).
  public func run() throws {
    let result = try execute()
    FileHandle.standardOutput.write(Data(result.output.utf8))
    if !result.diagnostics.isEmpty { FileHandle.standardError.write(Data(result.diagnostics.utf8)) }
    if result.exitCode != 0 { throw ExitCode(result.exitCode) }
  }
}
