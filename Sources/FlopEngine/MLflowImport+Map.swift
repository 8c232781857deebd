import FlopCore
import FlopFiles
import Foundation

extension MLflowImport {
  /// One MLflow run's document, or why it cannot be made.
  public func map(_ run: MLflowRun) -> Result<Mapped, Rejection> {
    let info = run.info
    func reject(_ reason: String) -> Result<Mapped, Rejection> { .failure(Rejection(mlflowRun: info.runID, name: info.runName, reason: reason)) }
    let id = mapping.idPrefix + info.runID.lowercased()
    guard RunFileParser.isSlug(id) else { return reject("'\(id)' is not a valid run id (MLflow run ids are hex; check id_prefix)") }
    var values: [String: String] = mapping.defaults
    var metricTime: Int64?
    for field in mapping.fields {
      let value: String?
      switch field.source {
      case .param(let key): value = run.data?.params?.first { $0.key == key }?.value
      case .tag(let key): value = run.data?.tags?.first { $0.key == key }?.value
      case .metric(let key):
        guard let metric = run.data?.metrics?.first(where: { $0.key == key }) else { value = nil; break }
        guard metric.value.isFinite else { return reject("\(field.source) is \(metric.value), not a usable number (→ \(field.target))") }
        value = "\(metric.value)"
        if field.target.hasPrefix("progress."), let time = metric.timestamp { metricTime = max(metricTime ?? 0, time) }
      case .info(let key):
        switch key {
        case "run_name": value = info.runName
        case "run_id": value = info.runID
        case "experiment_id": value = info.experimentID
        case "status": value = info.status
        case "start_time": value = info.startTime.map(Self.date)
        case "end_time": value = info.endTime.map(Self.date)
        default: value = nil
        }
      }
      if let value { values[field.target] = value }
    }
    // Check every value against its field's kind, naming the MLflow source.
    var numbers: [String: Double] = [:]
    for (target, text) in values {
      guard let kind = MLflowMapping.kind(of: target) else { continue }
      let source = mapping.fields.first { $0.target == target }.map { "\($0.source)" } ?? "defaults.\(target)"
      switch kind {
      case .number, .fraction:
        guard let number = try? Quantity.parsePositive(text, field: target), kind == .number || number <= 1 else {
          return reject("\(source) = '\(text)' → \(target): not \(kind == .fraction ? "a fraction in (0, 1]" : "a positive number")")
        }
        numbers[target] = number
      case .date:
        guard CalendarDate(text) != nil else { return reject("\(source) = '\(text)' → \(target): not a date (YYYY-MM-DD)") }
      case .text:
        guard !text.isEmpty, !text.contains("\0"), text.utf8.count <= 256 else { return reject("\(source) → \(target): empty or too long") }
      }
    }
    let status = Self.status(values["status"] ?? info.status)
    var top: [String: JSONValue] = ["flopwatch": .number(1), "id": .string(id), "status": .string(status.rawValue)]
    top["name"] = .string(values["name"] ?? info.runName ?? info.runID)
    var developer: [String: JSONValue] = [:]
    var model: [String: JSONValue] = [:]
    var stage: [String: JSONValue] = ["kind": .string(values["stage.kind"] ?? "pre-training")]
    var hardware: [String: JSONValue] = [:]
    var schedule: [String: JSONValue] = [:]
    var tags: [String: JSONValue] = ["source": .string("mlflow"), "mlflow-run-id": .string(info.runID), "mlflow-experiment": .string(info.experimentID)]
    for (target, text) in values where target != "status" && target != "name" && target != "stage.kind" {
      let parts = target.split(separator: ".", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      let value: JSONValue = numbers[target].map(JSONValue.number) ?? .string(text)
      switch parts[0] {
      case "developer": developer[parts[1]] = value
      case "model": model[parts[1]] = value
      case "stage": stage[parts[1]] = value
      case "hardware": hardware[parts[1]] = value
      case "schedule": schedule[parts[1]] = value
      case "tags": tags[parts[1]] = .string(text)
      default: break
      }
    }
    if schedule["start"] == nil, let start = info.startTime { schedule["start"] = .string(Self.date(start)) }
    if schedule["end"] == nil, status == .completed, let end = info.endTime { schedule["end"] = .string(Self.date(end)) }
    var notes: [String] = []
    if !hardware.isEmpty {
      let durations = ["days", "hours", "gpu_hours"].filter { hardware[$0] != nil }
      if hardware["accelerator"] == nil || durations.isEmpty {
        notes.append("\(id): hardware left out (it needs hardware.accelerator and one of days, hours, gpu_hours)")
      } else {
        stage["hardware"] = .object(hardware)
      }
    }
    if model["architecture"] == nil { model["architecture"] = .string("dense") }
    top["model"] = .object(model)
    top["stages"] = .array([.object(stage)])
    if !developer.isEmpty { top["developer"] = .object(developer) }
    if !schedule.isEmpty { top["schedule"] = .object(schedule) }
    top["tags"] = .object(tags)
    var progress: (Date, Double?, Double?)?
    if numbers["progress.tokens"] != nil || numbers["progress.gpu_hours"] != nil {
      let at = Date(timeIntervalSince1970: Double(metricTime ?? info.endTime ?? info.startTime ?? 0) / 1000)
      progress = (at, numbers["progress.tokens"], numbers["progress.gpu_hours"])
    }
    return .success(Mapped(mlflowRun: info.runID, id: id, document: .object(top), status: status, progress: progress, notes: notes))
  }

  /// MLflow's status (or a FlopWatch one) as a run status.
  static func status(_ text: String?) -> Run.Status {
    switch text?.uppercased() {
    case "FINISHED", "COMPLETED": return .completed
    case "FAILED", "KILLED", "CANCELLED": return .cancelled
    case "SCHEDULED", "PLANNED": return .planned
    default: return .running
    }
  }

  /// Milliseconds since 1970 as a UTC day.
  static func date(_ milliseconds: Int64) -> String {
    CalendarDate(dayNumber: Int((Double(milliseconds) / 86_400_000).rounded(.down))).description
  }
}
