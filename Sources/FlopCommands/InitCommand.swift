import ArgumentParser
import FlopFetch
import FlopFiles
import Foundation

/// `flopwatch init`: a commented `config.yaml` in the FlopWatch home, to fill in.
public struct InitCommand: ParsableCommand, ResultCommand {
  public static let configuration = CommandConfiguration(
    commandName: "init",
    _superCommandName: "flopwatch",
    abstract: "Write a commented config.yaml into the FlopWatch home (never over an existing one without --force).",
    discussion: "  flopwatch init\n  flopwatch init --home /srv/flopwatch")

  @Option(help: "FlopWatch home (default $FLOPWATCH_HOME, else ~/.flopwatch).") public var home: String?
  @Flag(help: "Replace an existing config.yaml.") public var force = false

  public init() {}

  /// The file written: every key commented out, with what it does.
  static let template = """
    # FlopWatch configuration. Uncomment and edit what you need; every key is optional.
    #
    # Signed threshold updates (`flopwatch thresholds update`): the channel's URL (https, file://,
    # http on loopback, or a local directory) and the public key you trust to sign it.
    # channel: https://example.org/flopwatch-channel
    # trusted_key: /etc/flopwatch/channel.pub
    #
    # The run registry lives at $FLOPWATCH_HOME/registry.sqlite unless --registry or
    # FLOPWATCH_REGISTRY names another (a path or sqlite:PATH).

    """

  public func execute() throws -> CommandResult {
    let home = self.home ?? ThresholdStore.defaultHome()
    let path = home + "/config.yaml"
    if FileManager.default.fileExists(atPath: path), !force {
      throw CommandError("\(path) already exists; edit it, or pass --force to replace it")
    }
    do {
      try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw CommandError("\(home): cannot create the FlopWatch home (\(error.localizedDescription))")
    }
    try AtomicFile.write(Data(Self.template.utf8), to: path, permissions: 0o600)
    return CommandResult(output: "wrote \(path)\n")
  }
}
