import FlopFiles
import Foundation
import SwiftCSV

/// Reads an import file a batch at a time: JSON Lines are streamed, so a file larger than memory
/// can be imported; a CSV file is parsed whole (SwiftCSV reads a string).
final class ImportReader {
  private let path: String
  private let handle: FileHandle?
  /// Bytes read and not yet handed out; they start at the beginning of a line.
  private var pending: [UInt8] = []
  private var reachedEnd = false
  private var lineNumber = 0
  private var csv: Chunk?
  private var csvOffset = 0
  /// The file's size and how much of it has been handed out, for a progress bar.
  let size: Int
  private(set) var consumed = 0

  static let blockSize = 4 << 20

  /// Some documents of the file, as byte ranges of one buffer.
  ///
  /// Text is made (and UTF-8 checked) by the threads that parse it: splitting and decoding a large
  /// file on one thread held up every core.
  struct Chunk: Sendable {
    /// The bytes the ranges point into.
    let buffer: [UInt8]
    /// Each document's line number (CSV: row number counting the header as line 1) and bytes.
    let documents: [(line: Int, range: Range<Int>)]

    /// The text of document `index`, or nil when its bytes are not UTF-8.
    func text(_ index: Int) -> String? {
      String(validating: buffer[documents[index].range], as: UTF8.self)
    }
  }

  init(path: String) throws {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw EngineError("\(path): no such file") }
    // A FIFO or device would block the open or never end: only regular files are imported.
    let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) ?? nil
    guard !isDirectory.boolValue, type == .typeRegular else { throw EngineError("\(path): not a regular file") }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw EngineError("\(path): cannot be read") }
    size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    if path.lowercased().hasSuffix(".csv") {
      let data: Data
      do { data = try handle.readToEnd() ?? Data() } catch { throw EngineError("\(path): cannot be read (\(error.localizedDescription))") }
      try? handle.close()
      self.handle = nil
      csv = try Self.csv(data, path: path)
    } else {
      self.handle = handle
    }
  }

  /// Documents made in memory (an Epoch or MLflow import), each with the row it came from.
  init(documents: [(line: Int, text: String)], label: String) {
    path = label
    handle = nil
    var buffer: [UInt8] = []
    var ranges: [(line: Int, range: Range<Int>)] = []
    for document in documents {
      let start = buffer.count
      buffer.append(contentsOf: document.text.utf8)
      ranges.append((document.line, start..<buffer.count))
    }
    size = buffer.count
    csv = Chunk(buffer: buffer, documents: ranges)
  }

  deinit { try? handle?.close() }

  /// The next `count` documents (fewer at the end of the file), or nil when there are none left.
  func next(upTo count: Int) throws -> Chunk? {
    if let csv { return nextCSV(csv, count) }
    var documents: [(line: Int, range: Range<Int>)] = []
    var start = 0
    while documents.count < count {
      guard let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) else {
        if !reachedEnd {
          try readBlock()
          continue
        }
        // The last line has no newline.
        if start < pending.count { take(start..<pending.count, into: &documents) }
        start = pending.count
        break
      }
      take(start..<end, into: &documents)
      start = end + 1
    }
    guard !documents.isEmpty || start > 0 else { return nil }
    let buffer = Array(pending[0..<start])
    pending.removeFirst(start)
    consumed += start
    if documents.isEmpty { return reachedEnd && pending.isEmpty ? nil : try next(upTo: count) }
    return Chunk(buffer: buffer, documents: documents)
  }

  /// Counts a line and keeps it unless it is only white space (a trailing CR is dropped).
  private func take(_ range: Range<Int>, into documents: inout [(line: Int, range: Range<Int>)]) {
    lineNumber += 1
    var last = range.upperBound
    if last > range.lowerBound && pending[last - 1] == UInt8(ascii: "\r") { last -= 1 }
    if pending[range.lowerBound..<last].contains(where: { !($0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0d)) }) {
      documents.append((lineNumber, range.lowerBound..<last))
    }
  }

  private func readBlock() throws {
    guard let handle else {
      reachedEnd = true
      return
    }
    let block: Data?
    do { block = try handle.read(upToCount: Self.blockSize) } catch {
      throw EngineError("\(path): cannot be read (\(error.localizedDescription))")
    }
    guard let block, !block.isEmpty else {
      reachedEnd = true
      return
    }
    pending.append(contentsOf: block)
  }

  private func nextCSV(_ all: Chunk, _ count: Int) -> Chunk? {
    guard csvOffset < all.documents.count else { return nil }
    let slice = all.documents[csvOffset..<min(csvOffset + count, all.documents.count)]
    csvOffset += slice.count
    consumed = size * csvOffset / max(1, all.documents.count)
    return Chunk(buffer: all.buffer, documents: Array(slice))
  }

  static func csv(_ data: Data, path: String) throws -> Chunk {
    guard let text = String(data: data, encoding: .utf8) else { throw EngineError("\(path): not UTF-8 text") }
    let csv: CSV<Named>
    do { csv = try CSV<Named>(string: text, delimiter: .comma, loadColumns: false) } catch {
      throw EngineError("\(path): not valid CSV: \(error)")
    }
    guard csv.header.contains("document") else {
      throw EngineError("\(path):1: no `document` column (export with `flopwatch registry export --format csv`)")
    }
    var buffer: [UInt8] = []
    var documents: [(line: Int, range: Range<Int>)] = []
    for (offset, row) in csv.rows.enumerated() {
      let start = buffer.count
      buffer.append(contentsOf: (row["document"] ?? "").utf8)
      documents.append((offset + 2, start..<buffer.count))
    }
    return Chunk(buffer: buffer, documents: documents)
  }
}
