import Dispatch
import FlopFiles
import FlopRules

/// Loads the default threshold set and accelerator catalogue on other threads while the main
/// thread parses the command line.
///
/// Start-up is most of a `check` (`Benchmarks/check-startup.sh`): parsing the arguments keeps one
/// core busy for about two milliseconds while the others idle, and neither input depends on the
/// arguments unless `--thresholds`, `--catalogue` or `--home` is given. The executable starts a
/// prefetch only for `check` without those flags and binds it to `current` while the command
/// runs; `check` uses it only when it asks for exactly the defaults, so the result is the one a
/// direct load would give (including its errors).
public final class InputPrefetch: @unchecked Sendable {
  /// Flags that change which threshold files or catalogue a command reads.
  static let selectingFlags = ["--thresholds", "--catalogue", "--home"]

  /// The prefetch started for the command being run, if any.
  @TaskLocal public static var current: InputPrefetch?

  private let group = DispatchGroup()
  // Written once on a worker thread before `group` is left; read only after `group.wait()`.
  private var thresholds: Result<ThresholdSet, any Error>?
  private var catalogue: Result<LoadedCatalogue, any Error>?

  private init() {
    DispatchQueue.global().async(group: group) { [self] in
      thresholds = Result { try ThresholdOptions.load(directories: [], home: nil) }
    }
    DispatchQueue.global().async(group: group) { [self] in
      catalogue = Result { try ThresholdOptions.loadCatalogue(path: nil, home: nil) }
    }
  }

  /// Starts loading the default inputs when `arguments` (without the program name) are a `check`
  /// that will read them; nil otherwise.
  public static func start(for arguments: [String]) -> InputPrefetch? {
    guard arguments.first == "check",
      !arguments.contains(where: { argument in selectingFlags.contains { argument == $0 || argument.hasPrefix($0 + "=") } })
    else { return nil }
    return InputPrefetch()
  }

  /// Waits for both loads and returns them, or throws the first load's error.
  public func wait() throws -> (ThresholdSet, LoadedCatalogue) {
    group.wait()
    guard let thresholds, let catalogue else { throw CommandError("internal error: prefetch finished without results") }
    return (try thresholds.get(), try catalogue.get())
  }
}
