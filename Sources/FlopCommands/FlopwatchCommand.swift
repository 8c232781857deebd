import ArgumentParser
import FlopCore
import FlopFetch
import FlopFiles
import FlopEngine
import FlopRegistry
import FlopRules
import Foundation

/// The `flopwatch` command: training compute and the legal thresholds it crosses.
public struct FlopwatchCommand: ParsableCommand {
  /// The FlopWatch version, printed by `flopwatch --version`.
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "flopwatch",
    abstract: "Training compute of AI models, with its uncertainty, and the legal thresholds it crosses.",
    discussion: """
      Compute is in FLOP (a count; one multiply-add = 2 FLOP; all precisions count equally). Counts accept 405e9, 4.05e11, 405B, 15.6T, 1.2M (K, M, B/G, T, P). Exit status: 0 success, 1 a --fail-on gate tripped, 2 bad input or another error.
      """,
    version: version,
    subcommands: [
      EstimateCommand.self, CheckCommand.self, PlanCommand.self, ThresholdsCommand.self, RegistryCommand.self, ReportCommand.self,
      ValidateCommand.self, CalibrateCommand.self, AcceleratorsCommand.self, InitCommand.self, ServeCommand.self,
    ])

  public init() {}

  /// Parses `arguments`, runs the command and returns its result; errors become status 2.
  public static func run(arguments: [String]) -> (result: CommandResult, error: String?) {
    do {
      let command = try fastParse(arguments) ?? parseAsRoot(arguments)
      if let resultCommand = command as? any ResultCommand {
        do {
          return (try resultCommand.execute(), nil)
        } catch let error as any UserFacingError {
          return (CommandResult(output: "", exitCode: 2), error.description)
        } catch {
          // Not a usage error: no "(see --help)", and no library's raw text where a sentence is due.
          return (CommandResult(output: "", exitCode: 2), Self.describe(error))
        }
      }
      var mutable = command
      try mutable.run()
      return (CommandResult(output: ""), nil)
    } catch let error as any UserFacingError {
      return (CommandResult(output: "", exitCode: 2), error.description)
    } catch {
      let code = exitCode(for: error).rawValue
      let message = fullMessage(for: error)
      if code == 0 { return (CommandResult(output: message + "\n"), nil) }
      // Usage errors: one line (ArgumentParser adds the usage block), and the contract's status 2.
      let first = message.split(separator: "\n").first.map(String.init) ?? message
      let line = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
      return (CommandResult(output: "", exitCode: 2), line + " (see --help)")
    }
  }

  /// A sentence for an error from a library (SQLite, the JSON encoder, the file system).
  static func describe(_ error: any Error) -> String {
    if let message = RegistryError.message(for: error) { return message }
    if error is EncodingError { return "the result could not be written as JSON (a figure is not a finite number); nothing was printed" }
    return "\(error)"
  }

  /// Parses a leaf command directly when the arguments need nothing from the root.
  ///
  /// `parseAsRoot` reflects over every command in the tree (for completion and help); going
  /// straight to the leaf saves a few milliseconds on every `check`, which CI gates run often.
  /// Help, version and completion requests still take the full path, so their output is unchanged.
  /// Every leaf names its parents in `_superCommandName` (swift-argument-parser's hook for
  /// sub-tools): parsed on its own, a leaf would otherwise be treated as a root and probed for
  /// `--generate-completion-script` by parsing the arguments twice more, about half of the
  /// parsing time (perf); the probe has nothing to find here, since such requests go the full path.
  static func fastParse(_ arguments: [String]) throws -> (any ParsableCommand)? {
    let rootOnly: Set<String> = ["-h", "--help", "help", "--version", "--generate-completion-script", "--experimental-dump-help"]
    guard !arguments.contains(where: { rootOnly.contains($0) || $0.hasPrefix("--generate-completion") }) else { return nil }
    var type: any ParsableCommand.Type = FlopwatchCommand.self
    var index = 0
    while index < arguments.count,
      let next = type.configuration.subcommands.first(where: { $0.configuration.commandName == arguments[index] })
    {
      type = next
      index += 1
    }
    guard index > 0, type.configuration.subcommands.isEmpty else { return nil }
    return try type.parse(Array(arguments[index...]))
  }

  /// The entry point of the executable.
  public static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let (result, error) = InputPrefetch.$current.withValue(InputPrefetch.start(for: arguments)) { run(arguments: arguments) }
    FileHandle.standardOutput.write(Data(result.output.utf8))
    if !result.diagnostics.isEmpty { FileHandle.standardError.write(Data(result.diagnostics.utf8)) }
    if let error {
      FileHandle.standardError.write(Data("flopwatch: error: \(error)\n".utf8))
    }
    Foundation.exit(result.exitCode)
  }
}
