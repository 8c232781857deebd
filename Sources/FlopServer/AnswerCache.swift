import NIOConcurrencyHelpers

/// Answers to reads, kept while the registry's audit head (`Registry.headSeq`) is unchanged:
/// every change appends an audit entry, so an unchanged head means an unchanged answer, and a
/// write by any process (this server, another, the command line) moves the head. A read then
/// costs one indexed statement instead of a snapshot and several queries.
final class AnswerCache: Sendable {
  private let entries = NIOLockedValueBox<[String: (seq: Int64, text: String)]>([:])
  private let capacity: Int

  init(capacity: Int = 4096) { self.capacity = capacity }

  func get(_ key: String, seq: Int64) -> String? {
    entries.withLockedValue { entries in entries[key].flatMap { $0.seq == seq ? $0.text : nil } }
  }

  func put(_ key: String, seq: Int64, text: String) {
    entries.withLockedValue { entries in
      if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
      entries[key] = (seq, text)
    }
  }
}
