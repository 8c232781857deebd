import ArgumentParser
import FlopCore
import FlopFetch
import FlopFiles
import FlopEngine
import FlopRegistry
import Foundation

/// `flopwatch registry`: every run, its lineage, progress and obligations, with an audit log.
public struct RegistryCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "registry",
    abstract: "Record runs, lineage, progress and obligations in an audited SQLite registry.",
    subcommands: [
      Add.self, ListRuns.self, Show.self, Lineage.self, Update.self, Status.self, Progress.self, Obligations.self,
      Verify.self, CheckpointCommand.self, Keygen.self, Import.self, Export.self, Audit.self,
    ])

  public init() {}

  /// Reads, estimates and checks a run file, filling in a registered base run's compute.
  static func assess(_ path: String, registry: Registry, thresholds: ThresholdOptions) throws -> RunAssessment {
    let document = try RunDocument.load(path: path)
    guard document.run.id != nil else {
      throw FlopFilesError(file: path, line: nil, field: "id", message: "the registry needs an id for every run")
    }
    return try registry.assess(document, with: thresholds.assessor())
  }

  /// A run file's exact text, validated here first so that a bad file is refused with its own
  /// name and line, as locally, before anything is sent.
  static func document(_ path: String) throws -> Data {
    let document = try RunDocument.load(path: path)
    guard document.run.id != nil else {
      throw FlopFilesError(file: path, line: nil, field: "id", message: "the registry needs an id for every run")
    }
    return Data(document.text.utf8)
  }

  /// `registry add RUN.yaml`.
  public struct Add: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "add",
      _superCommandName: "flopwatch registry",
      abstract: "Add a run: validate, estimate, check the thresholds and record its obligations.",
      discussion: "  flopwatch registry add Fixtures/runs/atlas-2.yaml --registry runs.sqlite")
    @Argument(help: "The run file; it needs an id.") public var runFile: String
    @OptionGroup public var options: RegistryOptions
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if let client = try options.client() {
        let answer = try client.call("POST", "/runs", body: try RegistryCommand.document(runFile), contentType: "application/yaml; file=\(runFile)")
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        return CommandResult(output: RegistryText.added(try client.decode(StoredRun.self, answer), action: "added"))
      }
      let registry = try options.open(create: true)
      let assessment = try RegistryCommand.assess(runFile, registry: registry, thresholds: thresholds)
      try registry.add(assessment, actor: options.who)
      let stored = try registry.show(assessment.id)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(stored)) }
      return CommandResult(output: RegistryText.added(stored, action: "added"))
    }
  }

  /// `registry update ID RUN.yaml`.
  public struct Update: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "update",
      _superCommandName: "flopwatch registry",
      abstract: "Record a new version of a run's document (the history is kept).",
      discussion: "  flopwatch registry update atlas-2 Fixtures/runs/atlas-2.yaml")
    @Argument(help: "The run id.") public var id: String
    @Argument(help: "The new run file.") public var runFile: String
    @OptionGroup public var options: RegistryOptions
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    public func execute() throws -> CommandResult {
      let stored: StoredRun
      let reassessed: [String]?
      if let client = try options.client() {
        let document = try RunDocument.load(path: runFile)
        guard document.run.id == id else { throw CommandError("\(runFile): id is '\(document.run.id ?? "")', not '\(id)'") }
        let answer = try client.call(
          "PUT", "/runs/\(RegistryClient.component(id))", body: Data(document.text.utf8), contentType: "application/yaml; file=\(runFile)")
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        stored = try client.decode(StoredRun.self, answer)
        reassessed = answer.headers["flopwatch-changed"] == "false"
          ? nil : (answer.headers["flopwatch-reassessed"].map { $0.split(separator: ",").map(String.init) } ?? [])
      } else {
        let registry = try options.open()
        let assessment = try RegistryCommand.assess(runFile, registry: registry, thresholds: thresholds)
        guard assessment.id == id else {
          throw CommandError("\(runFile): id is '\(assessment.id)', not '\(id)'")
        }
        reassessed = try registry.update(assessment, actor: options.who, assessor: try thresholds.assessor())
        stored = try registry.show(id)
      }
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(stored)) }
      guard let reassessed else {
        return CommandResult(output: "\(id): unchanged: \(runFile) is the document of version \(stored.summary.version); no new version recorded\n")
      }
      var text = RegistryText.added(stored, action: "updated to version \(stored.summary.version)")
      if !reassessed.isEmpty { text += "  re-assessed descendants: \(reassessed.joined(separator: ", "))\n" }
      return CommandResult(output: text)
    }
  }

  /// `registry status ID STATUS`.
  public struct Status: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "status",
      _superCommandName: "flopwatch registry",
      abstract: "Set a run's status: planned, running, completed or cancelled.",
      discussion: "  flopwatch registry status atlas-2 running")
    @Argument(help: "The run id.") public var id: String
    @Argument(help: "planned, running, completed or cancelled.") public var status: String
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      guard let value = Run.Status(rawValue: status) else {
        throw CommandError("status: unknown value '\(status)' (expected one of \(Run.Status.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      let summary: RunSummary
      if let client = try options.client() {
        let answer = try client.call("POST", "/runs/\(RegistryClient.component(id))/status", body: RegistryClient.json(["status": .string(status)]))
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        summary = try client.decode(RunSummary.self, answer)
      } else {
        let registry = try options.open()
        try registry.setStatus(id, value, actor: options.who)
        summary = try registry.show(id).summary
        if options.format == .json { return CommandResult(output: try JSONOutput.encode(summary)) }
      }
      return CommandResult(output: "\(id): status \(summary.status)\n")
    }
  }

  /// `registry show ID`.
  public struct Show: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "show",
      _superCommandName: "flopwatch registry",
      abstract: "Show a run: figures, rule statuses, versions, progress, obligations and its document.",
      discussion: "  flopwatch registry show atlas-2")
    @Argument(help: "The run id.") public var id: String
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if let client = try options.client() {
        let answer = try client.call("GET", "/runs/\(RegistryClient.component(id))")
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        return CommandResult(output: RegistryText.show(try client.decode(StoredRun.self, answer)))
      }
      let stored = try options.openForReading().show(id)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(stored)) }
      return CommandResult(output: RegistryText.show(stored))
    }
  }

  /// `registry lineage ID`.
  public struct Lineage: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "lineage",
      _superCommandName: "flopwatch registry",
      abstract: "Show the lineage up and down from a run, with cumulative compute at each node.",
      discussion: "  flopwatch registry lineage heron-ft")
    @Argument(help: "The run id.") public var id: String
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if let client = try options.client() {
        let answer = try client.call("GET", "/runs/\(RegistryClient.component(id))/lineage")
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        return CommandResult(output: RegistryText.lineage(try client.decode(FlopRegistry.Lineage.self, answer)))
      }
      let lineage = try options.openForReading().lineage(id)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(lineage)) }
      return CommandResult(output: RegistryText.lineage(lineage))
    }
  }

  /// `registry verify`.
  public struct Verify: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "verify",
      _superCommandName: "flopwatch registry",
      abstract: "Recompute the audit chain and check the stored runs against it (exit 1 on tampering).",
      discussion: """
        The chain proves that no entry was edited, inserted or removed in the middle, and every stored figure, status, obligation and progress point is compared with what the log recorded. Removing entries from its end together with their rows, or rewriting the whole chain, needs an anchor kept outside the database: a signed checkpoint (`registry checkpoint`), or the head verify prints, passed back with --expect-head. --recompute also re-assesses each run's audited document as of the day it was assessed, with the threshold files in use, and compares the result with what is stored.

          flopwatch registry verify
          flopwatch registry verify --recompute
          flopwatch registry verify --checkpoint checkpoints/ --public-key ~/audit-keys/audit.pub
          flopwatch registry verify --expect-head 3f1c…(the 64 hex digits printed last time)
        """)
    @Option(name: .customLong("expect-head"), help: "A head hash printed by an earlier verify: fail unless the chain still contains it.")
    public var expectHead: String?
    @Option(name: .customLong("checkpoint"), help: "A signed checkpoint file, or a directory of them (repeatable); needs --public-key.")
    public var checkpoints: [String] = []
    @Option(name: .customLong("public-key"), help: "The public key the checkpoints must be signed with (audit.pub).")
    public var publicKey: String?
    @Flag(help: "Also re-assess every run assessed under the threshold set in use, as of its recorded day, and compare.")
    public var recompute = false
    @OptionGroup public var options: RegistryOptions
    @OptionGroup public var thresholds: ThresholdOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if let expectHead, expectHead.count != 64 || !expectHead.allSatisfy(\.isHexDigit) {
        throw CommandError("--expect-head: '\(shownInMessage(expectHead))' is not a SHA-256 (64 hex digits, as verify prints it)")
      }
      if !checkpoints.isEmpty, publicKey == nil { throw CommandError("--checkpoint needs --public-key (the audit.pub the checkpoints were signed for)") }
      if checkpoints.isEmpty, publicKey != nil { throw CommandError("--public-key is for checking --checkpoint files; give one or more") }
      let signed = try RegistryCommand.loadCheckpoints(checkpoints)
      let key = try publicKey.map { try ChannelKeys.loadPublic($0) }
      var report: VerifyReport
      var assessorLabel: (label: String, fingerprint: String)?
      if let client = try options.client() {
        guard signed.isEmpty else {
          throw CommandError("--checkpoint needs the audit chain itself: verify checkpoints where the database is (--registry), not through --server")
        }
        let answer = try client.call("GET", "/verify" + RegistryClient.query([("recompute", recompute ? "true" : nil), ("expect_head", expectHead)]))
        report = try client.decode(VerifyReport.self, answer)
        if options.format == .json { return CommandResult(output: client.text(answer), exitCode: report.ok ? 0 : 1) }
        if recompute {
          let thresholds = try client.decode(ServerThresholds.self, try client.call("GET", "/thresholds"))
          assessorLabel = (thresholds.thresholdSet, thresholds.fingerprint)
        }
      } else {
        let assessor = recompute ? try thresholds.assessor() : nil
        assessorLabel = assessor.map { ($0.thresholds.label, $0.thresholdsFingerprint) }
        report = try options.openForReading().verifyAll(expectHead: expectHead, recompute: assessor, checkpoints: signed, key: key)
      }
      let code: Int32 = report.ok ? 0 : 1
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(report), exitCode: code) }
      guard report.ok else {
        return CommandResult(
          output: "TAMPERED: " + report.problems[0] + "\n" + report.problems.dropFirst().map { "  also: \($0)\n" }.joined(),
          exitCode: code)
      }
      var output = "ok: \(report.entries) audit entries chain correctly; \(report.runs) runs match the log; integrity ok\n"
      if !signed.isEmpty { output += "checkpoints: \(signed.count) signed checkpoint(s) still in the chain\n" }
      if let assessor = assessorLabel {
        output += "recomputed: \(report.recomputed) runs re-assessed as of their recorded days give what is stored"
        output += report.notRecomputed > 0
          ? "; \(report.notRecomputed) assessed under other threshold files (not \(assessor.label), fingerprint \(assessor.fingerprint.prefix(12))…) were not re-assessed\n"
          : "\n"
      }
      if report.withoutDigests > 0 {
        output += "note: \(report.withoutDigests) runs were last written before FlopWatch recorded digests of statuses and obligations; theirs are checked from their next change on\n"
      }
      output += "head: \(report.head) (entry \(report.headSeq)); keep it (or sign it with `registry checkpoint`) to detect truncation or re-hashing\n"
      return CommandResult(output: output)
    }
  }

  /// `registry audit`.
  public struct Audit: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "audit",
      _superCommandName: "flopwatch registry",
      abstract: "Read the audit log, oldest first, filtered by run, actor or date.",
      discussion: """
        Every change to the registry is an entry in a hash chain; `registry verify` checks the chain, this command reads it.

          flopwatch registry audit --run atlas-2
          flopwatch registry audit --by ci-bot --since 2026-11-01 --until 2026-11-30
        """)
    @Option(name: .customLong("run"), help: "Only entries about this run (imports that contain it included).") public var runID: String?
    @Option(name: .customLong("by"), help: "Only entries by this actor (as the audit log names it).") public var actor: String?
    @Option(help: "Entries at or after this day or time (YYYY-MM-DD or ISO 8601, UTC).") public var since: String?
    @Option(help: "Entries at or before this day (all of it) or time.") public var until: String?
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      for (flag, value) in [("--since", since), ("--until", until)] {
        if let value, Registry.parseTime(value) == nil { throw CommandError("\(flag): '\(value)' is not a day or time (expected YYYY-MM-DD or ISO 8601)") }
      }
      let entries: [AuditEntry]
      if let client = try options.client() {
        let answer = try client.call("GET", "/audit" + RegistryClient.query([("run", runID), ("by", actor), ("since", since), ("until", until)]))
        if options.format == .json { return CommandResult(output: client.text(answer)) }
        entries = try client.decode([AuditEntry].self, answer)
      } else {
        entries = try options.openForReading().auditLog(runID: runID, actor: actor, since: since, until: until)
        if options.format == .json { return CommandResult(output: try JSONOutput.encode(entries)) }
      }
      let rows = entries.map { entry -> [String] in
        let change = entry.change.canonical
        return ["\(entry.seq)", entry.at, entry.actor, entry.action, entry.runID ?? "—", change.count > 90 ? String(change.prefix(89)) + "…" : change]
      }
      var lines = TextTable.render(header: ["seq", "at", "actor", "action", "run", "change"], rows: rows)
      lines.append(plural(entries.count, "entry").replacingOccurrences(of: "entrys", with: "entries"))
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }
}
