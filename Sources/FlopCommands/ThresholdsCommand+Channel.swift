import FlopEngine
import ArgumentParser
import FlopFetch
import FlopFiles
import Foundation

extension ThresholdsCommand {
  /// `thresholds keygen --out DIR`.
  public struct Keygen: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "keygen",
      _superCommandName: "flopwatch thresholds",
      abstract: "Create an Ed25519 key pair for signing a threshold channel.",
      discussion: "  flopwatch thresholds keygen --out keys/   # writes keys/channel.key (owner-only) and keys/channel.pub")
    @Option(help: "Directory for channel.key and channel.pub.") public var out: String
    public init() {}
    public func execute() throws -> CommandResult {
      let (privatePath, publicPath) = try ChannelKeys.generate(into: out)
      return CommandResult(output: "wrote \(privatePath) (keep it secret) and \(publicPath) (give it to clients)\n")
    }
  }

  /// `thresholds publish SRC --key KEY --out CHANNEL`.
  public struct Publish: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "publish",
      _superCommandName: "flopwatch thresholds",
      abstract: "Validate a folder of threshold files and write a signed channel.",
      discussion: "  flopwatch thresholds publish Thresholds --key keys/channel.key --out channel/ --valid-days 30")
    @Argument(help: "Folder of threshold files (and optionally accelerators.yaml).") public var source: String
    @Option(help: "The private key (channel.key).") public var key: String
    @Option(help: "The channel directory to write.") public var out: String
    @Option(help: "Version number (default: one more than the channel's).") public var version: Int?
    @Option(help: "Days until the index expires.") public var validDays = 30
    public init() {}
    public func execute() throws -> CommandResult {
      let index = try ChannelPublisher.publish(source: source, keyPath: key, output: out, version: version, validDays: validDays)
      return CommandResult(output: "published version \(index.version) with \(index.files.count) files to \(out); expires \(index.expires)\n")
    }
  }

  /// `thresholds update`.
  public struct Update: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "update",
      _superCommandName: "flopwatch thresholds",
      abstract: "Fetch, verify and install the newest signed threshold set from a channel.",
      discussion: """
        The channel and key come from flags or $FLOPWATCH_HOME/config.yaml (keys channel, trusted_key).

          flopwatch thresholds update --channel https://example.org/flopwatch --trusted-key channel.pub
          flopwatch thresholds update --channel file:///mnt/usb/channel --trusted-key channel.pub
        """)
    @Option(help: "Channel URL (https, file://, or http on loopback) or a local directory.") public var channel: String?

    /// A channel as given: a URL, or an existing local directory (read as a file:// URL).
    static func channelURL(_ text: String) -> String {
      if text.contains("://") { return text }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), isDirectory.boolValue else { return text }
      let absolute = text.hasPrefix("/") ? text : FileManager.default.currentDirectoryPath + "/" + text
      return URL(fileURLWithPath: absolute).standardizedFileURL.absoluteString
    }
    @Option(help: "The channel's public key file (channel.pub).") public var trustedKey: String?
    @Option(help: "FlopWatch home (default $FLOPWATCH_HOME, else ~/.flopwatch).") public var home: String?
    @Option(help: "Output format: text or json.") public var format: OutputFormat = .text
    public init() {}
    public func execute() throws -> CommandResult {
      let home = self.home ?? ThresholdStore.defaultHome()
      let config = try ConfigFile.load(path: home + "/config.yaml")
      guard let url = channel ?? config.channel else {
        throw CommandError("no channel: pass --channel URL or set `channel:` in \(home)/config.yaml")
      }
      guard let keyPath = trustedKey ?? config.trustedKey else {
        throw CommandError("no trusted key: pass --trusted-key channel.pub or set `trusted_key:` in \(home)/config.yaml")
      }
      let updater = ThresholdUpdater(client: HTTPClient(version: FlopwatchCommand.version), store: ThresholdStore(home: home))
      let outcome = try updater.update(channel: Self.channelURL(url), trustedKey: try ChannelKeys.loadPublic(keyPath))
      if format == .json { return CommandResult(output: try JSONOutput.encode(outcome)) }
      switch outcome.result {
      case "installed":
        return CommandResult(output: "installed version \(outcome.version ?? 0) (\(outcome.files) files, \(outcome.bytes) bytes)"
          + (outcome.previousVersion.map { "; previous version \($0) kept for rollback" } ?? "") + "; expires \(outcome.expires ?? "?")\n")
      default:
        let installed = ThresholdStore(home: home).installedVersion
        if let installed, let offered = outcome.version, installed != offered {
          return CommandResult(output: "unchanged: the channel's version \(offered) is already trusted; installed version \(installed) (rolled back)\n")
        }
        return CommandResult(output: "unchanged: version \(outcome.version.map(String.init) ?? "none") is current\n")
      }
    }
  }

  /// `thresholds status`.
  public struct StatusCommand: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "status",
      _superCommandName: "flopwatch thresholds",
      abstract: "Show the channel, installed version, expiry and last check.",
      discussion: "  flopwatch thresholds status")
    @Option(help: "FlopWatch home (default $FLOPWATCH_HOME, else ~/.flopwatch).") public var home: String?
    @Option(help: "Output format: text or json.") public var format: OutputFormat = .text
    public init() {}

    public func execute() throws -> CommandResult {
      let status = try ChannelStatus.read(home: home)
      if format == .json { return CommandResult(output: try JSONOutput.encode(status)) }
      var lines = ["In use: \(status.inUse)"]
      lines.append("Channel: \(status.channel ?? "none configured")")
      lines.append("Installed version: \(status.installedVersion.map(String.init) ?? "none (using the shipped set)"); trusted version \(status.trustedVersion)")
      if let published = status.published { lines.append("Published: \(published); expires \(status.expires ?? "?")\(status.expired ? " — EXPIRED: run `flopwatch thresholds update`" : "")") }
      lines.append("Last check: \(status.lastCheck ?? "never")\(status.lastResult.map { " — \($0)" } ?? "")")
      if !status.keptVersions.isEmpty { lines.append("Kept versions: \(status.keptVersions.map(String.init).joined(separator: ", "))") }
      return CommandResult(output: lines.joined(separator: "\n") + "\n")
    }
  }

  /// `thresholds rollback`.
  public struct Rollback: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "rollback",
      _superCommandName: "flopwatch thresholds",
      abstract: "Return to the previous installed threshold set.",
      discussion: "  flopwatch thresholds rollback")
    @Option(help: "FlopWatch home (default $FLOPWATCH_HOME, else ~/.flopwatch).") public var home: String?
    public init() {}
    public func execute() throws -> CommandResult {
      let (from, to) = try ThresholdStore(home: home ?? ThresholdStore.defaultHome()).rollback()
      return CommandResult(output: "rolled back from version \(from) to version \(to); `thresholds update` will not reinstall \(from) unless the channel publishes a newer version\n")
    }
  }
}
