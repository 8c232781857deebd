import Foundation

/// `$FLOPWATCH_HOME/config.yaml`: the threshold channel (`channel`, `trusted_key`) and `alerts:`.
///
/// One reader for every section, so that a key one command uses is never an unknown key to
/// another (`thresholds update` and `serve` read the same file).
public struct ConfigFile: Sendable {
  public var channel: String?
  public var trustedKey: String?
  public var alerts: AlertSettings?

  public init() {}

  /// Reads a configuration; a file of comments only (as `flopwatch init` writes it) configures nothing.
  public static func parse(_ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(FlopFilesError) -> ConfigFile
  {
    let meaningful = text.split(separator: "\n").contains { line in
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }
    var config = ConfigFile()
    guard meaningful else { return config }
    let map = try YAMLValue.parse(text, file: file).mapping(allowed: ["channel", "trusted_key", "alerts"])
    config.channel = try map.string("channel")
    config.trustedKey = try map.string("trusted_key")
    if let section = map["alerts"] { config.alerts = try AlertSettings(section: section, environment: environment) }
    return config
  }

  /// Reads the file at `path`; a missing file is an empty configuration unless `required`.
  public static func load(path: String, required: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(FlopFilesError) -> ConfigFile
  {
    guard required || FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
    return try parse(try FileText.read(path), file: path, environment: environment)
  }
}
