import FlopCore
import Foundation

/// A run read from a file, with the line of each field for error messages.
public struct RunDocument: Sendable {
  public var run: Run
  /// The file as named by the user.
  public var file: String
  /// The exact text read, kept so a registry can store the document as given.
  public var text: String
  /// Field path → line, for fields present in the file.
  public var lines: [String: Int]

  public init(run: Run, file: String, text: String, lines: [String: Int]) {
    self.run = run
    self.file = file
    self.text = text
    self.lines = lines
  }

  /// The line of a field, or of its nearest enclosing field.
  public func line(for field: String) -> Int? {
    var path = Substring(field)
    while !path.isEmpty {
      if let line = lines[String(path)] { return line }
      if let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
        path = path[..<cut]
      } else {
        break
      }
    }
    return nil
  }

  /// Turns a core error into a file error pointing at the field's line.
  public func locate(_ error: FlopCoreError) -> FlopFilesError {
    FlopFilesError(file: file, line: line(for: error.field), field: "", message: error.description)
  }

  /// Reads and parses a run file (YAML or JSON).
  public static func load(path: String) throws(FlopFilesError) -> RunDocument {
    let text = try FileText.read(path)
    return try RunFileParser.parse(text, file: path)
  }
}

/// Reading whole text files with errors that name the file.
public enum FileText {
  /// The largest file FlopWatch reads as a document (run, threshold or catalogue file).
  public static let maximumBytes = 16 << 20

  public static func read(_ path: String) throws(FlopFilesError) -> String {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if let size = attributes[.size] as? Int, size > maximumBytes {
        throw FlopFilesError(file: path, line: nil, field: "", message: "file is \(size) bytes, more than the \(maximumBytes)-byte limit")
      }
      data = try Data(contentsOf: url)
    } catch let error as FlopFilesError {
      throw error
    } catch {
      let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
      throw FlopFilesError(file: path, line: nil, field: "", message: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "not UTF-8 text")
    }
    return text
  }
}
