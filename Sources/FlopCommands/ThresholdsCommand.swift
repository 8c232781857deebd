import ArgumentParser
import Foundation
import FlopCore
import FlopEngine
import FlopFiles
import FlopRules

/// `flopwatch thresholds`: the rule files themselves.
public struct ThresholdsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "thresholds",
    abstract: "List, show, validate, compare, publish and update threshold files.",
    subcommands: [
      List.self, Show.self, Validate.self, Diff.self, Update.self, StatusCommand.self, Rollback.self, Publish.self, Keygen.self,
    ])

  public init() {}

  /// `flopwatch thresholds list`.
  public struct List: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "list",
      _superCommandName: "flopwatch thresholds",
      abstract: "List regimes and rules with their status and dates.",
      discussion: "  flopwatch thresholds list\n  flopwatch thresholds list --as-of 2024-06-01 --thresholds Fixtures/thresholds")

    @Option(help: "Show what was in force on this date (default today).")
    public var asOf: String?
    @OptionGroup public var thresholds: ThresholdOptions
    @Option(help: "Output format: text or json.")
    public var format: OutputFormat = .text

    public init() {}

    struct Entry: Encodable {
      var regime: String
      var regimeStatus: String
      var version: String
      var rule: String
      var title: String
      var inForce: Bool
      var effectiveFrom: String?
      var effectiveUntil: String?
      var condition: String
    }

    public func execute() throws -> CommandResult {
      let date = try parseAsOf(asOf)
      let set = try thresholds.load()
      let entries = set.regimes.flatMap { loaded in
        loaded.regime.rules.map { rule in
          Entry(
            regime: loaded.regime.id, regimeStatus: loaded.regime.status.rawValue, version: loaded.regime.version,
            rule: rule.id, title: rule.title,
            inForce: loaded.regime.status.canBeInForce && rule.isEffective(on: date),
            effectiveFrom: rule.effectiveFrom?.description, effectiveUntil: rule.effectiveUntil?.description,
            condition: rule.when.description)
        }
      }
      if format == .json { return CommandResult(output: try JSONOutput.encode(entries)) }
      let rows = entries.map {
        ["\($0.regime)/\($0.rule)", $0.regimeStatus, $0.inForce ? "yes" : "no", $0.effectiveFrom ?? "—", $0.effectiveUntil ?? "—", $0.condition]
      }
      var lines = ["Threshold rules as of \(date) (\(set.label))"]
      lines += TextTable.render(header: ["rule", "instrument", "in force", "from", "until", "condition"], rows: rows)
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `flopwatch thresholds show ID`.
  public struct Show: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "show",
      _superCommandName: "flopwatch thresholds",
      abstract: "Show one regime: rules, conditions, dates, obligations, sources and notes.",
      discussion: "  flopwatch thresholds show eu-ai-act")

    @Argument(help: "The regime id.")
    public var id: String
    @OptionGroup public var thresholds: ThresholdOptions
    @Option(help: "Output format: text or json.")
    public var format: OutputFormat = .text

    public init() {}

    public func execute() throws -> CommandResult {
      let set = try thresholds.load()
      let loaded = try set.requireRegime(id)
      let regime = loaded.regime
      if format == .json {
        struct Shown: Encodable { var regime: Regime; var provenance: Provenance }
        return CommandResult(output: try JSONOutput.encode(Shown(regime: regime, provenance: loaded.provenance)))
      }
      var lines = [
        "\(regime.title) [\(regime.id)]",
        "Instrument: \(regime.instrument) — \(regime.status.rawValue), \(regime.jurisdiction)",
        "File: \(loaded.path) version \(regime.version) sha256 \(loaded.provenance.sha256)",
      ]
      lines += regime.notes.map { "Note: \($0)" }
      lines += regime.sources.map { "Source: \($0)" }
      for rule in regime.rules {
        lines.append("")
        lines.append("\(rule.id): \(rule.title)")
        lines.append("  in force: \(rule.effectiveFrom?.description ?? "—") to \(rule.effectiveUntil?.description ?? "open")"
          + (rule.markets.isEmpty ? "" : "; markets \(rule.markets.joined(separator: ", "))"))
        lines.append("  when: \(rule.when)")
        for o in rule.obligations {
          lines.append("  obligation \(o.id): \(o.title) [\(o.citation ?? "")]" + (o.deadline.map { " — \(RegimeDiff.describe($0))" } ?? ""))
        }
        lines += rule.notes.map { "  note: \($0)" }
      }
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `flopwatch thresholds validate [PATH…]`.
  public struct Validate: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "validate",
      _superCommandName: "flopwatch thresholds",
      abstract: "Validate threshold files or directories (exit 2 on any error).",
      discussion: "  flopwatch thresholds validate\n  flopwatch thresholds validate Fixtures/thresholds/internal-policy.yaml")

    @Argument(help: "Files or directories (default: the shipped Thresholds/).")
    public var paths: [String] = []
    @Option(help: "Output format: text or json.")
    public var format: OutputFormat = .text

    public init() {}

    struct Outcome: Encodable {
      var valid: [Provenance]
      var errors: [String]
    }

    public func execute() throws -> CommandResult {
      var targets = paths
      if targets.isEmpty {
        guard let shipped = ResourceLocator.shippedThresholds() else { throw CommandError("cannot find the shipped Thresholds/ folder") }
        targets = [shipped]
      }
      // The accelerator catalogue is validated too: a directory's accelerators.yaml, or one named.
      let isCatalogue = { (path: String) in (path as NSString).lastPathComponent == AcceleratorCatalogueParser.fileName }
      let catalogues = targets.filter(isCatalogue)
        + targets.map { ($0 as NSString).appendingPathComponent(AcceleratorCatalogueParser.fileName) }
        .filter { FileManager.default.fileExists(atPath: $0) }
      targets.removeAll(where: isCatalogue)
      var (regimes, errors) = targets.isEmpty ? ([], []) : ThresholdSet.validate(paths: targets)
      var valid: [(path: String, text: String)] = []
      var provenance = regimes.map(\.provenance)
      for loaded in regimes {
        valid.append((loaded.path, "\(loaded.regime.id) version \(loaded.regime.version), \(plural(loaded.regime.rules.count, "rule"))"))
      }
      for path in catalogues {
        do {
          let loaded = try LoadedCatalogue.load(path: path, cache: nil)
          valid.append((path, "accelerator catalogue version \(loaded.catalogue.version), \(plural(loaded.catalogue.accelerators.count, "accelerator"))"))
          provenance.append(loaded.provenance)
        } catch {
          errors.append(error)
        }
      }
      let outcome = Outcome(valid: provenance, errors: errors.map(\.description))
      let code: Int32 = errors.isEmpty ? 0 : 2
      if format == .json { return CommandResult(output: try JSONOutput.encode(outcome), exitCode: code) }
      var lines = valid.map { "ok     \($0.path): \($0.text)" }
      lines += errors.map { "error  \($0.description)" }
      lines.append(errors.isEmpty ? "\(plural(valid.count, "file")) valid" : plural(errors.count, "error"))
      return CommandResult(output: lines.joined(separator: "\n") + "\n", exitCode: code)
    }
  }

  /// `flopwatch thresholds diff OLD NEW`.
  public struct Diff: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "diff",
      _superCommandName: "flopwatch thresholds",
      abstract: "Compare two threshold directories or files rule by rule.",
      discussion: "  flopwatch thresholds diff old-thresholds/ Thresholds/")

    @Argument(help: "The old directory or file.")
    public var old: String
    @Argument(help: "The new directory or file.")
    public var new: String
    @Option(help: "Output format: text or json.")
    public var format: OutputFormat = .text

    public init() {}

    public func execute() throws -> CommandResult {
      func load(_ path: String) throws -> [Regime] {
        let (regimes, errors) = ThresholdSet.validate(paths: [path])
        if let first = errors.first { throw first }
        return regimes.map(\.regime)
      }
      let diff = RegimeDiff.compare(old: try load(old), new: try load(new))
      if format == .json { return CommandResult(output: try JSONOutput.encode(diff)) }
      if diff.changes.isEmpty { return CommandResult(output: "no differences\n") }
      let lines = diff.changes.map { c in
        let place = c.rule.map { "\(c.regime)/\($0)" } ?? c.regime
        switch (c.old, c.new) {
        case (let o?, let n?): return "~ \(place): \(c.kind): \(o) → \(n)"
        case (nil, let n?): return "+ \(place): \(c.kind): \(n)"
        case (let o?, nil): return "- \(place): \(c.kind): \(o)"
        default: return "  \(place): \(c.kind)"
        }
      }
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }
}
