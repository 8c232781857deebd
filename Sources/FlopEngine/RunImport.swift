import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

/// `registry import`: runs from JSON Lines or CSV, parsed, estimated and checked on all cores,
/// written in batches (one transaction and one audit entry each) while the next are prepared.
public struct RunImport: Sendable {
  public var file: String
  public var batchSize: Int

  /// How far an import has got, for a progress bar.
  public struct Progress: Sendable {
    public var lines: Int
    public var rejected: Int
    public var consumed: Int
    public var size: Int
  }

  /// What an import did.
  public struct Outcome: Sendable, Codable {
    public var imported: Int
    /// Runs already registered with the same document, left as they are.
    public var unchanged: Int
    public var batches: Int
    /// Lines refused, with their line numbers, in line order.
    public var rejected: [Registry.Rejection]
  }

  /// Tunes the writing connection for the import (SQLite: a larger cache, commits synced at the
  /// end). Off where other writers share the connection (the server): their acknowledged writes
  /// must be durable when acknowledged.
  public var tuneForBulk = true

  /// Documents made in memory instead of read from `file` (then only a label for messages).
  public var documents: [(line: Int, text: String)]?

  public init(file: String, batchSize: Int) {
    self.file = file
    self.batchSize = batchSize
  }

  /// An import of documents made in memory, numbered by the rows they came from, in one batch:
  /// one transaction, so nothing is half-imported.
  public init(documents: [(line: Int, text: String)], label: String) {
    self.file = label
    self.batchSize = max(1, documents.count)
    self.documents = documents
  }

  /// Imports the file into the registry `open` gives, opened only once the file could be (so a
  /// mistyped file name creates no empty registry); `progress` is called after each batch is read.
  public func run(
    into open: () throws -> Registry, assessor: RunAssessor, actor: String, progress: (Progress) -> Void = { _ in }
  ) throws -> (registry: Registry, outcome: Outcome) {
    guard batchSize > 0 else { throw EngineError("--batch-size must be positive") }
    let reader = try documents.map { ImportReader(documents: $0, label: file) } ?? ImportReader(path: file)
    let registry = try open()
    if tuneForBulk { try registry.prepareForBulkWrites() }
    // One assessor per core, sharing no storage (see `RunAssessor.independentCopy`).
    let assessors = [assessor] + (1..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in assessor.independentCopy() }
    var rejected: [Registry.Rejection] = []
    var batches = 0
    // Cumulative compute of the runs read so far: a base run's batch may still be queued for
    // writing when its fine-tunes are assessed. The registry is asked first, so a fine-tune of a
    // run registered before this import gets the registered figure even when the file repeats
    // that run (the repeat is refused).
    var earlier: [String: FLOPInterval] = [:]
    let writer = BatchWriter(depth: 3)
    var lines = 0
    while let input = try reader.next(upTo: batchSize) {
      let batch = Array(input.documents.indices)
      lines += batch.count
      let path = file
      // The snapshot is released before `earlier` changes, so adding to it copies nothing.
      let outcomes = { (known: [String: FLOPInterval]) in
        ParallelMap.map(batch, contexts: assessors, lowPriority: true) { (assessor: RunAssessor, index: Int) -> Result<Prepared, Registry.Rejection> in
          Self.prepareLine(input, index, file: path, assessor: assessor, registry: registry, local: known)
        }
      }(earlier)
      var good: [(line: Int, row: RunRow)] = []
      good.reserveCapacity(outcomes.count)
      var batchCumulative: [String: FLOPInterval] = [:]
      for (index, outcome) in outcomes.enumerated() {
        switch outcome {
        case .failure(let rejection): rejected.append(rejection)
        case .success(var prepared):
          // A base run earlier in the same batch: assess again now that its compute is known.
          if prepared.awaitsBase, let base = prepared.row.baseRun {
            guard let cumulative = batchCumulative[base] else {
              rejected.append(Registry.Rejection(
                line: input.documents[index].line, reason: "base_model.run: '\(base)' is not in the registry or earlier in this file"))
              continue
            }
            switch Self.prepareLine(input, index, file: path, assessor: assessor, registry: registry, local: [base: cumulative]) {
            case .success(let again): prepared = again
            case .failure(let rejection): rejected.append(rejection); continue
            }
          }
          // A repeated id within the file is a mistake in the file, whichever batch it falls in
          // (an id registered before with the same document is unchanged: a re-run import).
          if earlier[prepared.row.id] != nil || batchCumulative[prepared.row.id] != nil {
            rejected.append(Registry.Rejection(
              line: input.documents[index].line, reason: "run '\(prepared.row.id)' is already in the registry: its id repeats an earlier line of this file"))
            continue
          }
          batchCumulative[prepared.row.id] = prepared.row.cumulative
          good.append((input.documents[index].line, prepared.row))
        }
      }
      // Written while the next batches are parsed and assessed.
      try writer.submit(good) { batch in try registry.importBatch(batch, actor: actor) }
      earlier.merge(batchCumulative) { _, new in new }
      batches += 1
      progress(Progress(lines: lines, rejected: rejected.count, consumed: reader.consumed, size: reader.size))
    }
    try writer.finish()
    if tuneForBulk { try registry.finishBulkWrites() }
    rejected += writer.rejections
    rejected.sort { $0.line < $1.line }
    return (registry, Outcome(imported: writer.imported, unchanged: writer.unchanged, batches: batches, rejected: rejected))
  }

  /// A line ready to write, and whether its compute still lacks a base run's.
  struct Prepared: Sendable {
    var row: RunRow
    /// The base run was not registered when the line was assessed (it may come earlier in the batch).
    var awaitsBase: Bool
  }

  /// One line's registry row, or why it is rejected; the heavy assessment is dropped on this thread.
  static func prepareLine(
    _ input: ImportReader.Chunk, _ index: Int, file: String, assessor: RunAssessor, registry: Registry, local: [String: FLOPInterval]
  ) -> Result<Prepared, Registry.Rejection> {
    let line = input.documents[index].line
    guard let text = input.text(index) else { return .failure(Registry.Rejection(line: line, reason: "not UTF-8 text")) }
    return assessLine((line, text), file: file, assessor: assessor, registry: registry, local: local).map { assessment in
      Prepared(
        row: RunRow(assessment, layout: assessor.statusesLayout),
        awaitsBase: assessment.run.baseModel?.run != nil
          && (assessment.run.baseModel?.trainingFLOP == nil || assessment.estimate.baseFLOP == nil))
    }
  }

  /// One line's document, parsed and assessed, or why it is rejected.
  static func assessLine(
    _ item: (line: Int, text: String), file: String, assessor: RunAssessor, registry: Registry, local: [String: FLOPInterval]
  ) -> Result<RunAssessment, Registry.Rejection> {
    do {
      guard item.text.drop(while: { $0 == " " || $0 == "\t" }).first == "{" else {
        return .failure(Registry.Rejection(line: item.line, reason: "not valid JSON: one run document (a JSON object) per line"))
      }
      let document = try RunFileParser.parseLine(item.text, file: file)
      guard document.run.id != nil else { return .failure(Registry.Rejection(line: item.line, reason: "id: the registry needs an id for every run")) }
      var baseFLOP: FLOPInterval?
      if let base = document.run.baseModel?.run {
        do { baseFLOP = try registry.cumulativeFLOP(of: base) ?? local[base] } catch {
          return .failure(Registry.Rejection(line: item.line, reason: "base_model.run: \(error)"))
        }
      }
      do { return .success(try assessor.assess(document, baseFLOP: baseFLOP)) } catch let error as FlopFilesError {
        return .failure(rejection(item.line, error))
      } catch {
        return .failure(Registry.Rejection(line: item.line, reason: "\(error)"))
      }
    } catch {
      return .failure(rejection(item.line, error))
    }
  }

  /// A line refused for a file error: the field (the line is the document) and the message.
  static func rejection(_ line: Int, _ error: FlopFilesError) -> Registry.Rejection {
    Registry.Rejection(line: line, reason: error.field.isEmpty ? error.message : "\(error.field): \(error.message)")
  }

}
