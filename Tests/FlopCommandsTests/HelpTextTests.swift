import ArgumentParser
import FlopCommands
import Testing

/// Help texts are written as paragraphs: swift-argument-parser wraps them to the terminal, so a
/// hard-wrapped line would be wrapped again into ragged lines.
@Suite struct HelpTextTests {
  static func all(_ type: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
    [type] + type.configuration.subcommands.flatMap(all)
  }

  @Test func discussionsHaveNoHardWrappedProse() {
    for command in Self.all(FlopwatchCommand.self) {
      let lines = command.configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
      for (first, second) in zip(lines, lines.dropFirst()) where !first.isEmpty && !second.isEmpty {
        let prose = { (line: Substring) in !line.hasPrefix(" ") }
        #expect(!(prose(first) && prose(second)), "\(command.configuration.commandName ?? "?"): '\(first)' is hard-wrapped")
        // An example line follows a blank line, so it does not run into the paragraph above.
        #expect(!(prose(first) && !prose(second)), "\(command.configuration.commandName ?? "?"): no blank line before '\(second)'")
      }
    }
  }

  /// Every command's flags are valid together (a clash, such as two `--actor` options, only shows when run).
  @Test func everyCommandsHelpRenders() {
    func paths(_ type: any ParsableCommand.Type, _ prefix: [String]) -> [[String]] {
      let name = type.configuration.commandName.map { prefix + [$0] } ?? prefix
      return [name] + type.configuration.subcommands.flatMap { paths($0, name) }
    }
    for path in paths(FlopwatchCommand.self, []) {
      let (result, error) = FlopwatchCommand.run(arguments: Array(path.dropFirst()) + ["--help"])
      #expect(!result.output.contains("Validation failed"), "\(path.joined(separator: " ")): \(result.output.prefix(300))")
      #expect(result.output.contains("USAGE"), "\(path.joined(separator: " ")): \(error ?? "")")
    }
  }
}
