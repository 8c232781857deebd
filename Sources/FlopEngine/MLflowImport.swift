import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

/// `registry import --from mlflow`: runs pulled from an MLflow tracking server, mapped to run
/// documents by a mapping file, added or updated (the MLflow run id is the run's external id, so a
/// second import updates instead of duplicating), with mapped progress recorded.
///
/// Every page is fetched and every run mapped before the registry is opened: an unreachable
/// server or a bad mapping writes nothing. Each run is then written whole (one transaction).
public struct MLflowImport: Sendable {
  public var mapping: MLflowMapping
  /// An experiment name, else the mapping's, else every experiment.
  public var experiment: String?
  public var pageSize = 1000

  /// A run refused, named by its MLflow id and name.
  public struct Rejection: Error, Sendable, Codable, Hashable {
    public var mlflowRun: String
    public var name: String?
    public var reason: String
  }

  /// What an import did.
  public struct Outcome: Sendable, Codable {
    public var trackingUri: String
    public var experiments: [String]
    public var runs: Int
    public var added: [String]
    public var updated: [String]
    public var unchanged: Int
    public var progressRecorded: Int
    public var rejected: [Rejection]
    public var notes: [String]
  }

  /// One MLflow run as FlopWatch will store it.
  public struct Mapped: Sendable {
    public var mlflowRun: String
    public var id: String
    public var document: JSONValue
    public var status: Run.Status
    public var progress: (at: Date, tokens: Double?, gpuHours: Double?)?
    public var notes: [String]
  }

  public init(mapping: MLflowMapping, experiment: String? = nil) {
    self.mapping = mapping
    self.experiment = experiment
  }

  /// Pulls the runs (every page).
  public func fetch(_ client: MLflowClient) throws -> (experiments: [String], runs: [MLflowRun]) {
    let ids: [String]
    if let name = experiment ?? mapping.experiment {
      ids = [try client.experimentID(named: name)]
    } else {
      ids = try client.experimentIDs(pageSize: pageSize)
    }
    guard !ids.isEmpty else { return ([], []) }
    return (ids, try client.searchRuns(experimentIDs: ids, pageSize: pageSize))
  }

  /// What was fetched and mapped, before anything is written.
  public struct Prepared: Sendable {
    public var trackingUri: String
    public var experiments: [String]
    public var runs: Int
    public var mapped: [Mapped]
    public var rejected: [Rejection]
  }

  /// Fetches every page and maps every run; writes nothing.
  public func prepare(_ client: MLflowClient) throws -> Prepared {
    let (experiments, runs) = try fetch(client)
    var rejected: [Rejection] = []
    var mapped: [Mapped] = []
    var seen: [String: String] = [:]
    for run in runs {
      switch map(run) {
      case .success(let item):
        if let other = seen[item.id] {
          rejected.append(Rejection(mlflowRun: run.info.runID, name: run.info.runName, reason: "its run id '\(item.id)' is also MLflow run \(other)'s"))
          continue
        }
        seen[item.id] = run.info.runID
        mapped.append(item)
      case .failure(let rejection): rejected.append(rejection)
      }
    }
    return Prepared(trackingUri: client.base, experiments: experiments, runs: runs.count, mapped: mapped, rejected: rejected)
  }

  /// Fetches, maps and writes into a local registry; `open` is called only after every run was
  /// fetched and mapped.
  public func run(client: MLflowClient, into open: () throws -> Registry, assessor: RunAssessor, actor: String, now: Date = Date()) throws
    -> (registry: Registry, outcome: Outcome)
  {
    let prepared = try prepare(client)
    let registry = try open()
    return (registry, write(prepared, to: LocalRunWriter(registry: registry, assessor: assessor, actor: actor, now: now)))
  }

  /// Adds or updates each mapped run, follows its status and records its progress.
  public func write(_ prepared: Prepared, to writer: some RunWriter) -> Outcome {
    var outcome = Outcome(
      trackingUri: prepared.trackingUri, experiments: prepared.experiments, runs: prepared.runs, added: [], updated: [], unchanged: 0,
      progressRecorded: 0, rejected: prepared.rejected, notes: prepared.mapped.flatMap(\.notes))
    for item in prepared.mapped {
      let text = item.document.canonical
      let before: StoredRunState?
      do {
        before = try writer.state(of: item.id)
        if let before {
          if try writer.update(text, id: item.id) { outcome.updated.append(item.id) } else { outcome.unchanged += 1 }
          // A stored run's status is its own (a new version keeps it): follow MLflow's. A run
          // added now has its document's status, which is MLflow's already.
          if before.status != item.status.rawValue { try writer.setStatus(item.id, item.status) }
        } else {
          try writer.add(text, id: item.id)
          outcome.added.append(item.id)
        }
      } catch {
        outcome.rejected.append(Rejection(mlflowRun: item.mlflowRun, name: nil, reason: "\(error)"))
        continue
      }
      if let progress = item.progress {
        do {
          try writer.recordProgress(item.id, at: progress.at, tokens: progress.tokens, gpuHours: progress.gpuHours)
          // A repeated point records nothing: count it only when the run gained one.
          if (try writer.state(of: item.id)?.progressPoints ?? 0) > (before?.progressPoints ?? 0) { outcome.progressRecorded += 1 }
        } catch {
          outcome.notes.append("\(item.id): progress not recorded: \(error)")
        }
      }
    }
    return outcome
  }
}
