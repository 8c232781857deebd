import FlopCore

/// A mapping file from MLflow runs to run documents (`registry import --from mlflow --map F`).
///
/// ```yaml
/// flopwatch-mlflow-map: 1
/// id_prefix: "mlflow-"             # run id = prefix + MLflow run id
/// experiment: pretraining          # default for --experiment
/// defaults:                        # the same value for every run
///   developer.name: Example Lab
///   hardware.accelerator: H100-SXM
/// fields:                          # MLflow source -> run field
///   params.n_params: model.parameters
///   params.total_tokens: stage.tokens
///   params.num_gpus: hardware.count
///   metrics.gpu_hours: hardware.gpu_hours
///   tags.cluster: tags.cluster
///   metrics.tokens_seen: progress.tokens
/// ```
/// Sources are `params.NAME`, `metrics.NAME` (the latest value), `tags.NAME` and `info.run_name`,
/// `info.start_time`, `info.end_time`, `info.status`. Targets are the run fields in `targets`,
/// `tags.KEY` and `progress.tokens` / `progress.gpu_hours` (recorded as progress).
public struct MLflowMapping: Sendable, Hashable {
  /// Where a value comes from in an MLflow run.
  public enum Source: Sendable, Hashable, CustomStringConvertible {
    case param(String), metric(String), tag(String), info(String)

    public var description: String {
      switch self {
      case .param(let name): return "params.\(name)"
      case .metric(let name): return "metrics.\(name)"
      case .tag(let name): return "tags.\(name)"
      case .info(let name): return "info.\(name)"
      }
    }
  }

  /// What kind of value a run field takes.
  public enum Kind: Sendable, Hashable { case text, number, fraction, date }

  /// Run fields a value may go to, with the kind each takes.
  public static let targets: [String: Kind] = [
    "name": .text, "status": .text, "developer.name": .text, "developer.annual_revenue_usd": .number,
    "model.architecture": .text, "model.parameters": .number, "model.active_parameters": .number, "model.layers": .number,
    "model.d_model": .number, "model.heads": .number, "model.ffn_dim": .number, "model.context_length": .number,
    "model.vocab_size": .number, "stage.kind": .text, "stage.name": .text, "stage.tokens": .number, "stage.flop": .number,
    "stage.parameters": .number, "hardware.accelerator": .text, "hardware.precision": .text, "hardware.count": .number,
    "hardware.days": .number, "hardware.hours": .number, "hardware.gpu_hours": .number, "hardware.utilization": .fraction,
    "schedule.start": .date, "schedule.end": .date, "schedule.planned": .date, "progress.tokens": .number,
    "progress.gpu_hours": .number,
  ]
  static let infoFields: Set<String> = ["run_name", "start_time", "end_time", "status", "run_id", "experiment_id"]

  /// One source → field line.
  public struct Field: Sendable, Hashable {
    public var source: Source
    /// A key of `targets`, or `tags.KEY`.
    public var target: String
    public var line: Int?
  }

  public var idPrefix: String
  public var experiment: String?
  /// Target → constant text, for every run.
  public var defaults: [String: String]
  public var fields: [Field]

  /// The kind of value `target` takes, or nil when it is not a known field.
  public static func kind(of target: String) -> Kind? {
    if target.hasPrefix("tags."), target.count > 5 { return .text }
    return targets[target]
  }

  /// Reads a mapping file.
  public static func load(path: String) throws(FlopFilesError) -> MLflowMapping {
    let root = try YAMLValue.parse(try FileText.read(path), file: path)
    let top = try root.mapping(allowed: ["flopwatch-mlflow-map", "id_prefix", "experiment", "defaults", "fields"])
    let version = try top.required("flopwatch-mlflow-map")
    guard try version.integer() == 1 else { throw version.error("mapping format version \(version.scalarText ?? "?") is not supported (this FlopWatch reads 1)") }
    let prefix = try top.string("id_prefix") ?? "mlflow-"
    guard prefix.isEmpty || RunFileParser.isSlug(prefix), prefix.utf8.count <= 64 else {
      throw try top.required("id_prefix").error("'\(prefix)' cannot start a run id (lowercase letters, digits, '.', '_' or '-')")
    }
    var defaults: [String: String] = [:]
    if let section = top["defaults"] {
      for (target, value) in try section.openEntries() {
        guard kind(of: target) != nil else { throw value.error(unknownTarget(target)) }
        guard let text = value.scalarText, !value.isNull else { throw value.error("expected a value, got \(value.kindName)") }
        defaults[target] = text
      }
    }
    var fields: [Field] = []
    for (source, value) in try top.required("fields").openEntries() {
      let parts = source.split(separator: ".", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[1].isEmpty else { throw value.error(unknownSource(source)) }
      let parsed: Source
      switch parts[0] {
      case "params": parsed = .param(parts[1])
      case "metrics": parsed = .metric(parts[1])
      case "tags": parsed = .tag(parts[1])
      case "info":
        guard infoFields.contains(parts[1]) else { throw value.error(unknownSource(source)) }
        parsed = .info(parts[1])
      default: throw value.error(unknownSource(source))
      }
      let target = try value.string()
      guard kind(of: target) != nil else { throw value.error(unknownTarget(target)) }
      if target.hasPrefix("tags.") {
        let key = String(target.dropFirst(5))
        guard RunFileParser.isSlug(key), key.utf8.count <= 64 else { throw value.error("'\(key)' is not a valid tag key (lowercase letters, digits, '.', '_' or '-')") }
      }
      fields.append(Field(source: parsed, target: target, line: value.line))
    }
    guard !fields.isEmpty else { throw try top.required("fields").error("map at least one MLflow param, metric or tag to a run field") }
    return MLflowMapping(idPrefix: prefix, experiment: try top.string("experiment"), defaults: defaults, fields: fields)
  }

  static func unknownTarget(_ target: String) -> String {
    "unknown run field '\(target)' (known: \(targets.keys.sorted().joined(separator: ", ")), tags.KEY)"
  }

  static func unknownSource(_ source: String) -> String {
    "unknown MLflow source '\(source)' (expected params.NAME, metrics.NAME, tags.NAME or info.\(infoFields.sorted().joined(separator: "|")))"
  }
}
