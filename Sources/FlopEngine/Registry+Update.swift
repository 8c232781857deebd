import FlopCore
import FlopFiles
import FlopRegistry
import FlopRules
import Foundation

extension Registry {
  /// Adds a new run from its assessment (see `add(_:actor:at:)` for the row).
  public func add(_ assessment: RunAssessment, actor: String, at date: Date = Date()) throws {
    try add(RunRow(assessment), actor: actor, at: date)
  }

  /// Records a new version of a run's document (the history is kept) and, with an assessor,
  /// re-assesses every run descended from it, since their cumulative compute includes it.
  /// Returns the ids re-assessed; a document identical to the latest version changes nothing
  /// and returns nil.
  @discardableResult
  public func update(_ assessment: RunAssessment, actor: String, at date: Date = Date(), assessor: RunAssessor? = nil) throws -> [String]? {
    try write { tx in
      let at = Registry.timestamp(date)
      guard try tx.storeNewVersion(RunRow(assessment), actor: actor, at: at) != nil else { return nil }
      guard let assessor else { return [] }
      return try Self.reassessDescendants(tx, of: assessment.id, assessor: assessor, actor: actor, at: at)
    }
  }

  /// Re-assesses the runs below `id` (children before grandchildren) with their bases' new
  /// cumulative compute, rewriting their figures, statuses and obligations (audited "reassess").
  static func reassessDescendants(_ tx: RegistryTransaction, of id: String, assessor: RunAssessor, actor: String, at: String) throws -> [String] {
    var done: [String] = []
    var queue = [id]
    var seen: Set<String> = [id]
    while !queue.isEmpty {
      let parent = queue.removeFirst()
      for child in try tx.children(of: parent) where seen.insert(child).inserted {
        guard let current = try tx.currentDocument(of: child) else { continue }
        let document = try RunFileParser.parse(current.document, file: "registry:\(child)")
        let base = try tx.cumulativeFLOP(of: parent)
        let assessment = try assessor.assess(document, baseFLOP: base, knownDates: knownDates(try tx.knownDays(of: child)))
        try tx.replaceAssessment(RunRow(assessment), version: current.version, actor: actor, at: at)
        done.append(child)
        queue.append(child)
      }
    }
    return done
  }
}
