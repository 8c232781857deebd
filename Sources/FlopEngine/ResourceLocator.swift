import FlopFiles
import Foundation

/// Finds the data FlopWatch ships with (the `Thresholds/` folder), without flags.
public enum ResourceLocator {
  /// The environment variable that points at a shipped-thresholds folder explicitly.
  public static let environmentKey = "FLOPWATCH_SHIPPED_THRESHOLDS"

  /// The `Thresholds/` folder shipped with FlopWatch, found from the environment, next to the
  /// executable (an installed copy: `bin/../share/flopwatch/Thresholds`, or the repository
  /// above `.build/`), or from the source tree this binary was built from.
  public static func shippedThresholds() -> String? {
    var candidates: [String] = []
    if let explicit = ProcessInfo.processInfo.environment[environmentKey], !explicit.isEmpty {
      candidates.append(explicit)
    }
    if let executable = executablePath() {
      var directory = parent(executable)
      for _ in 0..<8 where directory != "/" && !directory.isEmpty {
        candidates.append(directory + "/Thresholds")
        candidates.append(directory + "/share/flopwatch/Thresholds")
        directory = parent(directory)
      }
    }
    // The repository this binary was built from: Sources/FlopEngine/ResourceLocator.swift → ../../Thresholds.
    candidates.append(parent(parent(parent(#filePath))) + "/Thresholds")
    return candidates.first { access($0 + "/" + AcceleratorCatalogueParser.fileName, R_OK) == 0 }
  }

  /// The running executable, symlinks resolved (`/proc/self/exe` on Linux).
  static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 {
      return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    return Bundle.main.executablePath
  }

  static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
