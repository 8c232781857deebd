import Foundation

/// A file written in pieces that appears whole or not at all: a handle on a temporary file
/// beside its destination, renamed over it by `commit()`, removed if never committed.
public final class StreamingFile {
  public let path: String
  let temporary: String
  var descriptor: Int32
  var buffer: [UInt8] = []
  var committed = false

  public init(path: String, permissions: Int = 0o644) throws(FlopFilesError) {
    self.path = path
    temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
    guard descriptor >= 0 else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write (\(String(cString: strerror(errno))))")
    }
    // The mode given to open() is narrowed by the umask; set it exactly.
    guard fchmod(descriptor, mode_t(permissions)) == 0 else {
      let reason = String(cString: strerror(errno))
      // deinit closes and removes the temporary file.
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write (\(reason))")
    }
    buffer.reserveCapacity(1 << 16)
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
    if !committed { unlink(temporary) }
  }

  /// Appends text; written out a megabyte at a time.
  public func write(_ text: String) throws(FlopFilesError) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 20 { try flush() }
  }

  /// Appends bytes.
  public func write(_ data: Data) throws(FlopFilesError) {
    buffer.append(contentsOf: data)
    if buffer.count >= 1 << 20 { try flush() }
  }

  func flush() throws(FlopFilesError) {
    let failure = buffer.withUnsafeBytes { bytes -> String? in
      var offset = 0
      while offset < bytes.count {
        let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return String(cString: strerror(errno))
        }
        offset += written
      }
      return nil
    }
    buffer.removeAll(keepingCapacity: true)
    if let failure { throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write (\(failure))") }
  }

  /// Writes what is buffered and renames the file into place.
  public func commit() throws(FlopFilesError) {
    try flush()
    let closed = close(descriptor)
    descriptor = -1
    guard closed == 0 else { throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write (\(String(cString: strerror(errno))))") }
    guard rename(temporary, path) == 0 else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot replace the file (\(String(cString: strerror(errno))))")
    }
    committed = true
  }
}
