import ArgumentParser
import FlopCore
import FlopEngine
import FlopRegistry
import Foundation

/// Flags every `registry` command shares.
public struct RegistryOptions: ParsableArguments {
  @Option(help: "The registry: a path or sqlite:PATH (default $FLOPWATCH_REGISTRY, else $FLOPWATCH_HOME/registry.sqlite, else ~/.flopwatch/registry.sqlite).")
  public var registry: String?

  @Option(help: "Who is making the change, for the audit log (default: the operating-system user).")
  public var actor: String?

  @Option(help: "A FlopWatch server to use instead of a local registry, e.g. https://flopwatch.lab.internal (default $FLOPWATCH_SERVER).")
  public var server: String?

  @Option(name: .customLong("token-file"), help: "With --server: a file (mode 0600) holding the API token (default $FLOPWATCH_TOKEN, else $FLOPWATCH_HOME/token).")
  public var tokenFile: String?

  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  public init() {}

  /// The server client when the command runs against a server (client mode), else nil.
  func client() throws -> RegistryClient? {
    guard let client = try RegistryClient.resolve(server: server, tokenFile: tokenFile) else { return nil }
    if registry != nil { throw CommandError("give --registry or --server, not both") }
    if actor != nil { throw CommandError("--actor is for a local registry; a server audits changes under the token's name") }
    return client
  }

  /// Opens the registry; only `create` (add, import) may make a new one.
  func open(create: Bool = false) throws -> Registry {
    try Registry(location: try RegistryLocation.resolve(registry), create: create)
  }

  /// Opens the registry for reading only: listing, verifying and exporting work on a copy the
  /// user cannot write (an auditor's), and cannot change the file by accident.
  func openForReading() throws -> Registry {
    try Registry(location: try RegistryLocation.resolve(registry), create: false, readOnly: true)
  }

  var who: String { auditActor(actor) }
}

/// Who a local change is audited under: `--actor`, else the operating-system user.
func auditActor(_ flag: String?) -> String {
  if let flag, !flag.isEmpty { return flag }
  if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
  if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
  return "unknown"
}

extension ThresholdOptions {
  /// An assessor with the thresholds and catalogue in use, checking as of today.
  func assessor() throws -> RunAssessor {
    let (set, catalogue) = try loadAll()
    return RunAssessor(catalogue: catalogue.catalogue, thresholds: set, asOf: today())
  }
}
