import Foundation
import SwiftCSV

/// The documents of a file given to `registry import`: one per JSON Lines line or CSV row.
///
/// JSON Lines are kept as byte ranges of the file and turned into text (checking UTF-8) by the
/// threads that parse them: splitting and decoding a large file on one thread held up every core.
struct ImportFile: Sendable {
  /// The bytes the ranges point into.
  let buffer: [UInt8]
  /// Each document's line number (CSV: row number counting the header as line 1) and bytes.
  let documents: [(line: Int, range: Range<Int>)]

  /// Reads a `.jsonl`/`.ndjson` file, or a `.csv` file with a `document` column.
  static func read(_ path: String) throws -> ImportFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandError("\(path): \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")")
    }
    if path.lowercased().hasSuffix(".csv") { return try csv(data, path: path) }
    let bytes = [UInt8](data)
    var documents: [(line: Int, range: Range<Int>)] = []
    var number = 0
    var start = 0
    bytes.withUnsafeBufferPointer { all in
      while start <= all.count {
        let end = all[start...].firstIndex(of: UInt8(ascii: "\n")) ?? all.count
        number += 1
        var last = end
        if last > start && all[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        // Lines of white space only are skipped.
        if all[start..<last].contains(where: { !($0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0d)) }) {
          documents.append((number, start..<last))
        }
        if end == all.count { break }
        start = end + 1
      }
    }
    return ImportFile(buffer: bytes, documents: documents)
  }

  static func csv(_ data: Data, path: String) throws -> ImportFile {
    guard let text = String(data: data, encoding: .utf8) else { throw CommandError("\(path): not UTF-8 text") }
    let csv: CSV<Named>
    do { csv = try CSV<Named>(string: text, delimiter: .comma, loadColumns: false) } catch {
      throw CommandError("\(path): not valid CSV: \(error)")
    }
    guard csv.header.contains("document") else {
      throw CommandError("\(path):1: no `document` column (export with `flopwatch registry export --format csv`)")
    }
    var buffer: [UInt8] = []
    var documents: [(line: Int, range: Range<Int>)] = []
    for (offset, row) in csv.rows.enumerated() {
      let start = buffer.count
      buffer.append(contentsOf: (row["document"] ?? "").utf8)
      documents.append((offset + 2, start..<buffer.count))
    }
    return ImportFile(buffer: buffer, documents: documents)
  }

  /// The text of document `index`, or nil when its bytes are not UTF-8.
  func text(_ index: Int) -> String? {
    String(validating: buffer[documents[index].range], as: UTF8.self)
  }
}
