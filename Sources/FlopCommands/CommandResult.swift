import ArgumentParser

/// What a command produced: text for stdout and an exit status.
///
/// Commands return their output instead of printing, so tests run them in-process and
/// read exactly what a user would see.
public struct CommandResult: Sendable {
  public var output: String
  public var exitCode: Int32

  public init(output: String, exitCode: Int32 = 0) {
    self.output = output
    self.exitCode = exitCode
  }
}

/// A command that computes its result without printing.
public protocol ResultCommand: ParsableCommand {
  /// Runs the command and returns its output and exit status.
  func execute() throws -> CommandResult
}

extension ResultCommand {
  /// Prints the result, for callers that go through swift-argument-parser's own `main()`.
}
