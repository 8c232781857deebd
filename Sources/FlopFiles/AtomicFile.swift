import FlopCore
import Foundation

/// Writing files so readers see the old content or the new, never a mix.
public enum AtomicFile {
  public static func write(_ data: Data, to path: String, permissions: Int = 0o644) throws {
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: permissions]) else {
      throw FlopFilesError(file: path, line: nil, field: "", message: "cannot write")
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
