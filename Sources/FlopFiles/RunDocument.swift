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
  /// How inputs were read, for the user: market names mapped to codes.
  public var notes: [String] = []

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

  /// Reads a regular file of at most `maximumBytes` bytes.
  public static func readBytes(_ path: String, maximumBytes: Int = FileText.maximumBytes) throws(FlopFilesError) -> [UInt8] {
    // O_NONBLOCK: opening a FIFO named like a run file would otherwise wait forever for a writer;
    // this way it opens at once and fstat refuses it. Reads of a regular file are unaffected.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      let reason = errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))"
      throw FlopFilesError(file: path, line: nil, field: "", message: reason)
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot be read")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "is not a regular file")
    }
    let size = Int(info.st_size)
    guard size <= maximumBytes else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "file is \(size) bytes, more than the \(maximumBytes)-byte limit")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let count = bytes.withUnsafeMutableBytes { buffer in
        Foundation.read(descriptor, buffer.baseAddress! + filled, size - filled)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      filled += count
    }
    guard filled == size else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "was cut short while reading")
    }
    return bytes
  }

  /// Reads a UTF-8 file. Plain POSIX calls: this runs on every start of `check`, where
  /// Foundation's file APIs cost more than the read itself.
  public static func read(_ path: String, maximumBytes: Int = FileText.maximumBytes) throws(FlopFilesError) -> String {
    let bytes = try readBytes(path, maximumBytes: maximumBytes)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "not UTF-8 text")
    }
    return text
  }
}
