import FlopCore
import Foundation

/// Writing files so readers see the old content or the new, never a mix.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `path`, then renames it over `path`.
  ///
  /// Plain POSIX calls: `FileManager.createFile(atPath:contents:attributes:)` took over a
  /// millisecond for a small file, a large share of an unchanged `thresholds update`.
  public static func write(_ data: Data, to path: String, permissions: Int = 0o644) throws {
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
    guard descriptor >= 0 else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write (\(String(cString: strerror(errno))))")
    }
    // The mode given to open() is narrowed by the umask; set it exactly.
    var failure: String? = fchmod(descriptor, mode_t(permissions)) == 0 ? nil : String(cString: strerror(errno))
    if failure == nil {
      failure = data.withUnsafeBytes { buffer -> String? in
        var offset = 0
        while offset < buffer.count {
          let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
          if written < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
          }
          offset += written
        }
        return nil
      }
    }
    if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write (\(failure))")
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot replace the file")
    }
  }

  public static func timestamp(_ date: Date) -> String {
    CalendarDate.timestamp(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
  }
}
