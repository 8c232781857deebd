import FlopCore
import Foundation

/// Writing files so readers see the old content or the new, never a mix.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `path`, then renames it over `path`.
  ///
  /// Plain POSIX calls (`StreamingFile`): `FileManager.createFile(atPath:contents:attributes:)` took
  /// over a millisecond for a small file, a large share of an unchanged `thresholds update`.
  public static func write(_ data: Data, to path: String, permissions: Int = 0o644) throws {
    let file = try StreamingFile(path: path, permissions: permissions)
    try file.write(data)
    try file.commit()
  }

  public static func timestamp(_ date: Date) -> String {
    CalendarDate.timestamp(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
  }
}
