import FlopRegistry
import Foundation

/// `registry import` of a dump (`registry export --format dump`): the whole registry moved as it
/// was, into an empty one, from whichever backend wrote it.
public struct RegistryRestore: Sendable {
  public var file: String

  public init(file: String) { self.file = file }

  /// Whether the file starts like a dump (its first line names the dump format).
  public static func isDump(_ path: String) -> Bool {
    // Only a regular file is opened here: a FIFO would block the open (the import refuses it after).
    guard (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular,
      let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let start = (try? handle.read(upToCount: 512)) ?? Data()
    return String(decoding: start, as: UTF8.self).contains("\"format\":\"\(Registry.dumpFormat)\"")
  }

  /// Restores the dump into the registry `open` gives (opened once the file could be read).
  public func run(into open: () throws -> Registry, actor: String) throws -> (registry: Registry, summary: RestoreSummary) {
    let reader = try ImportReader(path: file)
    let registry = try open()
    var chunk: ImportReader.Chunk?
    var index = 0
    let summary = try registry.restore(
      next: {
        while chunk == nil || index >= chunk!.documents.count {
          guard let more = try reader.next(upTo: 1000) else { return nil }
          chunk = more
          index = 0
        }
        defer { index += 1 }
        // A line that is not UTF-8 reaches the registry as empty text, which it refuses with the line number.
        return (chunk!.documents[index].line, chunk!.text(index) ?? "")
      }, source: file, actor: actor)
    return (registry, summary)
  }
}
