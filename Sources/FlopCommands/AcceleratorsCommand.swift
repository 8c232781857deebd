import FlopEngine
import ArgumentParser
import FlopCore
import FlopFiles
import Foundation

/// `flopwatch accelerators`: the catalogue the hardware method multiplies by, with its sources.
public struct AcceleratorsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "accelerators",
    abstract: "List the accelerator catalogue, or show one accelerator with its peaks and sources.",
    subcommands: [List.self, Show.self], defaultSubcommand: List.self)

  public init() {}

  /// Peaks in TFLOP/s, dense, in precision order.
  static func peaks(_ accelerator: Accelerator) -> String {
    Precision.allCases.compactMap { precision in
      accelerator.peakFLOPPerSecond[precision].map { "\(precision.rawValue) \(formatNumber($0 / 1e12))" }
    }.joined(separator: ", ")
  }

  /// `accelerators list`.
  public struct List: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "list",
      _superCommandName: "flopwatch accelerators",
      abstract: "List every accelerator: dense peaks (TFLOP/s), board power and price.",
      discussion: "  flopwatch accelerators\n  flopwatch accelerators list --format json")
    @Option(help: "Accelerator catalogue file (default: the one beside the thresholds in use).") public var catalogue: String?
    @Option(help: "Output format: text or json.") public var format: OutputFormat = .text
    public init() {}

    public func execute() throws -> CommandResult {
      let loaded = try ThresholdOptions.loadCatalogue(path: catalogue)
      if format == .json {
        struct Output: Encodable { var catalogue: Provenance; var accelerators: [Accelerator] }
        return CommandResult(output: try JSONOutput.encode(Output(catalogue: loaded.provenance, accelerators: loaded.catalogue.accelerators)))
      }
      let rows = loaded.catalogue.accelerators.map { accelerator in
        [
          accelerator.id, accelerator.vendor, AcceleratorsCommand.peaks(accelerator),
          accelerator.boardPowerWatts.map { "\(formatNumber($0)) W" } ?? "—",
          accelerator.price.map { "$\(formatNumber($0.usdPerChipHour))/h" } ?? "—",
        ]
      }
      var lines = ["Accelerators (dense peaks in TFLOP/s; \(loaded.provenance.summary))"]
      lines += TextTable.render(header: ["id", "vendor", "peaks", "power", "price"], rows: rows)
      lines.append("All precisions count equally as FLOP (EU guidelines Annex A.2); precision only picks the peak.")
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `accelerators show ID`.
  public struct Show: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "show",
      _superCommandName: "flopwatch accelerators",
      abstract: "Show one accelerator: aliases, peaks, power, price and sources.",
      discussion: "  flopwatch accelerators show H100\n  flopwatch accelerators show trillium --format json")
    @Argument(help: "An id or alias, case-insensitive.") public var id: String
    @Option(help: "Accelerator catalogue file (default: the one beside the thresholds in use).") public var catalogue: String?
    @Option(help: "Output format: text or json.") public var format: OutputFormat = .text
    public init() {}

    public func execute() throws -> CommandResult {
      let loaded = try ThresholdOptions.loadCatalogue(path: catalogue)
      guard let accelerator = loaded.catalogue.accelerator(named: id) else {
        throw CommandError("unknown accelerator '\(id)' (known: \(loaded.catalogue.accelerators.map(\.id).joined(separator: ", ")))")
      }
      if format == .json { return CommandResult(output: try JSONOutput.encode(accelerator)) }
      var lines = ["\(accelerator.id): \(accelerator.name) (\(accelerator.vendor))"]
      if !accelerator.aliases.isEmpty { lines.append("  aliases: \(accelerator.aliases.joined(separator: ", "))") }
      lines.append("  dense peaks (TFLOP/s): \(AcceleratorsCommand.peaks(accelerator)); default precision \(accelerator.defaultPrecision.rawValue)")
      if let power = accelerator.boardPowerWatts { lines.append("  board power: \(formatNumber(power)) W") }
      if let price = accelerator.price {
        lines.append("  price: $\(formatNumber(price.usdPerChipHour)) per chip-hour (\(price.source), \(price.date))")
      }
      if let note = accelerator.note { lines.append("  note: \(note)") }
      lines += accelerator.sources.map { "  source: \($0)" }
      lines.append("Catalogue: \(loaded.provenance.summary)")
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }
}
