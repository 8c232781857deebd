import ArgumentParser
import FlopCore
import FlopEngine
import FlopRegistry
import FlopServer
import Foundation

extension ServeCommand {
  /// `flopwatch serve token create|list|revoke`.
  public struct Token: ParsableCommand {
    public static let configuration = CommandConfiguration(
      commandName: "token",
      _superCommandName: "flopwatch serve",
      abstract: "Make, list and revoke the server's API tokens (straight in the registry database).",
      subcommands: [Create.self, List.self, Revoke.self])
    public init() {}
  }

  /// Flags the token commands share.
  public struct TokenOptions: ParsableArguments {
    @Option(help: "The registry the server uses (as `serve --database`).") public var database: String?
    @Option(help: "Who is making the change, for the audit log (default: the operating-system user).") public var actor: String?
    @Option(help: "Output format: text or json.") public var format: OutputFormat = .text
    public init() {}

    func open(readOnly: Bool = false) throws -> Registry {
      try Registry(location: try RegistryLocation.resolve(database), create: !readOnly, readOnly: readOnly)
    }

    var who: String { auditActor(actor) }
  }

  /// `flopwatch serve token create --name N --role R [--expires DATE]`.
  public struct Create: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "create",
      _superCommandName: "flopwatch serve token",
      abstract: "Make a token; it is printed once and only its hash is kept.",
      discussion: "  flopwatch serve token create --name ci-bot --role submitter --expires 2027-06-30")
    @Option(help: "Whom it is for; the audit log names its writes by this.") public var name: String
    @Option(help: "viewer, submitter, compliance or admin.") public var role: String
    @Option(help: "The first day (UTC) it no longer works, YYYY-MM-DD.") public var expires: String?
    @OptionGroup public var options: TokenOptions
    public init() {}

    public func execute() throws -> CommandResult {
      let role = try Role(naming: role, field: "--role")
      let day = try expires.map { text throws -> CalendarDate in
        guard let day = CalendarDate(text) else { throw CommandError("--expires: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
        return day
      }
      let (token, stored) = try options.open().issueToken(name: name, role: role, expires: day, actor: options.who)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(IssuedToken(token: token.text, stored: stored))) }
      return CommandResult(
        output: "\(token.text)\n",
        diagnostics: "token '\(stored.name)' (\(stored.role)\(stored.expires.map { ", expires \($0)" } ?? "")): shown this once; only its hash is stored\n")
    }
  }

  /// `flopwatch serve token list`.
  public struct List: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "list",
      _superCommandName: "flopwatch serve token",
      abstract: "List tokens (never their secrets).",
      discussion: "  flopwatch serve token list --all")
    @Flag(help: "Include revoked tokens.") public var all = false
    @OptionGroup public var options: TokenOptions
    public init() {}

    public func execute() throws -> CommandResult {
      let tokens = try options.open(readOnly: true).tokens(liveOnly: !all)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(tokens)) }
      let rows = tokens.map { [$0.name, $0.role, $0.id, $0.createdAt, $0.createdBy, $0.expires ?? "never", $0.revokedAt.map { "revoked \($0)" } ?? "live"] }
      var lines = TextTable.render(header: ["name", "role", "id", "created", "by", "expires", "state"], rows: rows)
      lines.append("\(tokens.count) token(s)")
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `flopwatch serve token revoke NAME`.
  public struct Revoke: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "revoke",
      _superCommandName: "flopwatch serve token",
      abstract: "Revoke a token by name or id (a running server refuses it within 2 seconds).",
      discussion: "  flopwatch serve token revoke ci-bot")
    @Argument(help: "The token's name or id.") public var token: String
    @OptionGroup public var options: TokenOptions
    public init() {}

    public func execute() throws -> CommandResult {
      let revoked = try options.open().revokeToken(token, actor: options.who)
      if options.format == .json { return CommandResult(output: try JSONOutput.encode(revoked)) }
      return CommandResult(output: "revoked token '\(revoked.name)' (\(revoked.role)) at \(revoked.revokedAt ?? "")\n")
    }
  }
}
