import ArgumentParser
import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import Foundation

extension RegistryCommand {
  /// `registry list`.
  public struct ListRuns: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "list",
      _superCommandName: "flopwatch registry",
      abstract: "List runs; filters combine.",
      discussion: """
          flopwatch registry list --min-flop 1e25
          flopwatch registry list --rule eu-ai-act/systemic-risk-presumption=met --status running --sort flop --desc
          flopwatch registry list --developer "Example Labs" --since 2026-01-01 --search atlas
        """)
    @Option(help: "planned, running, completed or cancelled.") public var status: String?
    @Option(name: .customLong("min-flop"), help: "Cumulative compute at least this (central figure).") public var minFLOP: String?
    @Option(name: .customLong("max-flop"), help: "Cumulative compute at most this (central figure).") public var maxFLOP: String?
    @Option(help: "RULE=STATUS, e.g. eu-ai-act/systemic-risk-presumption=met (a bare rule id matches any regime).") public var rule: String?
    @Option(help: "Developer name, ignoring case.") public var developer: String?
    @Option(help: "Runs starting on or after this date (YYYY-MM-DD).") public var since: String?
    @Option(help: "Runs starting on or before this date (YYYY-MM-DD).") public var until: String?
    @Option(help: "Text in the id, name or developer.") public var search: String?
    @Option(help: "id, name, flop, start or updated.") public var sort: String = "id"
    @Flag(help: "Sort descending.") public var desc = false
    @Option(help: "At most this many runs.") public var limit: Int?
    @Option(help: "Skip this many matching runs first (with --limit, a page).") public var offset: Int?
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      var query: [String: String] = [:]
      for (key, value) in [("status", status), ("min_flop", minFLOP), ("max_flop", maxFLOP), ("rule", rule), ("developer", developer),
                           ("since", since), ("until", until), ("search", search), ("sort", sort), ("limit", limit.map(String.init)),
                           ("offset", offset.map(String.init))] {
        if let value { query[key] = value }
      }
      if desc { query["desc"] = "true" }
      let filter = try RunFilter(query: query) { "--" + $0.replacingOccurrences(of: "_", with: "-") }
      let runs: [RunSummary]
      if let client = try options.client() {
        let answer = try client.call("GET", "/runs" + RegistryClient.query(RunFilter.queryFields.map { ($0, query[$0]) }))
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        runs = try client.decode([RunSummary].self, answer)
      } else {
        runs = try options.openForReading().list(filter)
        if options.format == .json { return CommandResult(output: try JSONOutput.encode(runs)) }
      }
      let rows = runs.map { r in
        [r.id, r.status, formatFLOP(r.cumulativeFlop.central), "\(formatFLOP(r.cumulativeFlop.low))–\(formatFLOP(r.cumulativeFlop.high))",
         r.developer ?? "", r.startDate ?? "", r.baseRun ?? r.baseName ?? ""]
      }
      var lines = TextTable.render(header: ["id", "status", "FLOP (cum.)", "90% interval", "developer", "start", "base"], rows: rows)
      lines.append("\(runs.count) run(s)")
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `registry progress ID --tokens N`.
  public struct Progress: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "progress",
      _superCommandName: "flopwatch registry",
      abstract: "Record progress and forecast when each threshold will be crossed.",
      discussion: """
        Progress is cumulative (tokens processed or GPU-hours used so far). The forecast uses the observed rate. The first day on which the points recorded by then forecast a threshold crossed starts that rule's clock (EU Art. 52(1): "or it becomes known that it will be met"); the registry keeps that day, so a later, repeated or out-of-order report never moves a due date later. A point in the future, before schedule.start, or below an earlier point is refused; a wrong point is retracted with --retract and --reason (audited).

          flopwatch registry progress atlas-2 --tokens 2.1T --at 2026-01-20
          flopwatch registry progress atlas-2 --gpu-hours 4.1M
          flopwatch registry progress atlas-2 --from-trainer-state output/checkpoint-2000/trainer_state.json
          flopwatch registry progress atlas-2 --retract 2026-01-20 --reason "tokens counted twice"

        --from-trainer-state reads a Hugging Face Trainer's state file: its num_input_tokens_seen (train with include_num_input_tokens_seen=True) is recorded at the time the file was written (or --at), and its total_flos is compared with FlopWatch's estimate of the run's own compute; a difference beyond 2× is flagged, and FlopWatch's figure is the one used.
        """)
    @Argument(help: "The run id.") public var id: String
    @Option(parsing: .unconditional, help: "Tokens processed so far.") public var tokens: String?
    @Option(name: .customLong("gpu-hours"), parsing: .unconditional, help: "Chip-hours used so far.") public var gpuHours: String?
    @Option(name: .customLong("from-trainer-state"), help: "A Hugging Face Trainer's trainer_state.json to read the tokens seen from.")
    public var fromTrainerState: String?
    @Option(help: "When (ISO 8601 time or YYYY-MM-DD; default now, or when the Trainer wrote its state file).") public var at: String?
    @Option(help: "Retract the progress point recorded at this time (ISO 8601 or YYYY-MM-DD) instead of recording one.")
    public var retract: String?
    @Option(help: "Why the point is retracted (required with --retract; kept in the audit log).") public var reason: String?
    @OptionGroup public var options: RegistryOptions
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if let retract {
        guard tokens == nil, gpuHours == nil, at == nil, fromTrainerState == nil else {
          throw CommandError("--retract takes no --tokens, --gpu-hours, --from-trainer-state or --at")
        }
        guard let when = Registry.parseTime(retract) else {
          throw CommandError("--retract: '\(retract)' is not a time (expected ISO 8601 or YYYY-MM-DD)")
        }
        if let client = try options.client() {
          _ = try client.call(
            "POST", "/runs/\(RegistryClient.component(id))/progress/retract",
            body: RegistryClient.json(["at": .string(retract), "reason": .string(reason ?? "")]))
        } else {
          try options.open().retractProgress(id, at: when, actor: options.who, reason: reason ?? "")
        }
        return CommandResult(output: "retracted the progress point of \(id) at \(retract)\n")
      }
      var given: Date?
      if let at {
        guard let parsed = Registry.parseTime(at) else { throw CommandError("--at: '\(at)' is not a time (expected ISO 8601 or YYYY-MM-DD)") }
        given = parsed
      }
      let forecast: ProgressForecast
      if let fromTrainerState {
        guard tokens == nil, gpuHours == nil else {
          throw CommandError("--from-trainer-state takes no --tokens or --gpu-hours (it reads the tokens the Trainer counted)")
        }
        let state = try TrainerState.load(path: fromTrainerState)
        if let client = try options.client() {
          var sent = try client.progress(id, at: given ?? state.savedAt ?? Date(), tokens: state.tokensSeen, gpuHours: nil)
          sent.notes += TrainerStateCheck.notes(state, forecast: sent)
          forecast = sent
        } else {
          forecast = try options.open().recordProgress(id, from: state, at: given, actor: options.who, assessor: try thresholds.assessor())
        }
      } else {
        let tokenCount = try tokens.map { text throws -> Double in try Quantity.parse(text, field: "--tokens") }
        let hours = try gpuHours.map { text throws -> Double in try Quantity.parse(text, field: "--gpu-hours") }
        guard tokenCount != nil || hours != nil else { throw CommandError("give --tokens, --gpu-hours or --from-trainer-state") }
        if let client = try options.client() {
          forecast = try client.progress(id, at: given ?? Date(), tokens: tokenCount, gpuHours: hours)
        } else {
          forecast = try options.open().recordProgress(
            id, at: given ?? Date(), tokens: tokenCount, gpuHours: hours, actor: options.who, assessor: try thresholds.assessor())
        }
      }
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(forecast)) }
      return CommandResult(output: RegistryText.forecast(id, forecast))
    }
  }

  /// `registry obligations` and `registry obligations done`.
  public struct Obligations: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "obligations",
      abstract: "List obligations, or mark one done with evidence.",
      subcommands: [ListObligations.self, Done.self], defaultSubcommand: ListObligations.self)
    public init() {}
  }

  /// `registry obligations [--due-before DATE] [--overdue]`.
  public struct ListObligations: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "list",
      _superCommandName: "flopwatch registry obligations",
      abstract: "Open obligations, soonest first.",
      discussion: "  flopwatch registry obligations --overdue\n  flopwatch registry obligations --due-before 2026-12-31")
    @Option(help: "Only those due before this date.") public var dueBefore: String?
    @Flag(help: "Only those past their due date (as of today, or --as-of).") public var overdue = false
    @Option(help: "The date for --overdue (default today).") public var asOf: String?
    @Flag(help: "Include done and withdrawn obligations.") public var all = false
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if let dueBefore, CalendarDate(dueBefore) == nil { throw CommandError("--due-before: '\(dueBefore)' is not a valid date") }
      let date = try parseAsOf(asOf)
      let items: [StoredObligation]
      if let client = try options.client() {
        let answer = try client.call("GET", "/obligations" + RegistryClient.query([
          ("due_before", dueBefore), ("overdue", overdue ? "true" : nil), ("as_of", overdue ? date.description : nil), ("all", all ? "true" : nil),
        ]))
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        items = try client.decode([StoredObligation].self, answer)
      } else {
        items = try options.openForReading().obligations(
          dueBefore: dueBefore, overdueAsOf: overdue ? date.description : nil, includeClosed: all)
        if options.format == .json { return CommandResult(output: try JSONOutput.encode(items)) }
      }
      let rows = items.map { o in
        [o.runID, o.path, o.due ?? "—", o.status + (o.conditional ? " (if met)" : ""), o.due.map { $0 < date.description && o.status == "open" ? "OVERDUE" : "" } ?? o.basis]
      }
      var lines = TextTable.render(header: ["run", "obligation", "due", "status", "note"], rows: rows)
      lines.append("\(items.count) obligation(s)")
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `registry obligations done ID OBLIGATION --evidence TEXT`.
  public struct Done: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "done",
      _superCommandName: "flopwatch registry obligations",
      abstract: "Mark an obligation done, with evidence, in the audit log.",
      discussion: "  flopwatch registry obligations done atlas-2 art52-notification --evidence \"AI Office ticket 2026-0113\"")
    @Argument(help: "The run id.") public var id: String
    @Argument(help: "The obligation: its id, regime/rule/obligation, or its row number.") public var obligation: String
    @Option(help: "What shows it was met (a reference, a link).") public var evidence: String
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      let done: StoredObligation
      if let client = try options.client() {
        let answer = try client.call(
          "POST", "/runs/\(RegistryClient.component(id))/obligations/done",
          body: RegistryClient.json(["obligation": .string(obligation), "evidence": .string(evidence)]))
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        done = try client.decode(StoredObligation.self, answer)
      } else {
        done = try options.open().completeObligation(runID: id, reference: obligation, evidence: evidence, actor: options.who)
        if options.format == .json { return CommandResult(output: try JSONOutput.encode(done)) }
      }
      return CommandResult(output: "\(id): \(done.path) done by \(done.doneBy ?? "") at \(done.doneAt ?? "") — \(evidence)\n")
    }
  }
}
