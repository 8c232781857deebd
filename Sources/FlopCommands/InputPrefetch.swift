import Dispatch
import Foundation
import FlopCore
import FlopEngine
import FlopFiles
import FlopRules

/// Loads the default threshold set, the accelerator catalogue and the run file on other threads
/// while the main thread parses the command line.
///
/// Start-up is most of a `check` (`Benchmarks/check-startup.sh`): parsing the arguments keeps one
/// core busy for about two milliseconds while the others idle, and the thresholds and catalogue
/// do not depend on the arguments unless `--thresholds`, `--catalogue` or `--home` is given. The
/// executable starts a prefetch only for `check` without those flags and binds it to `current`
/// while the command runs; `check` uses the prefetched set and catalogue only when it asks for
/// exactly the defaults, and the prefetched run file only when it is the parsed `RUN_FILE`, so the
/// result is the one a direct load would give (including its errors).
public final class InputPrefetch: @unchecked Sendable {
  /// Flags that change which threshold files or catalogue a command reads.
  static let selectingFlags = ["--thresholds", "--catalogue", "--home"]

  /// The prefetch started for the command being run, if any.
  @TaskLocal public static var current: InputPrefetch?

  private let group = DispatchGroup()
  /// The run file named on the command line, when it could be told apart from option values.
  let runFile: String?
  // Written once on a worker thread before `group` is left; read only after `group.wait()`.
  private var inputs: Result<(ThresholdSet, LoadedCatalogue), any Error>?
  private var document: Result<RunDocument, any Error>?
  private let calibrationGroup = DispatchGroup()
  /// The default registry's calibration, read on a thread of its own (opening a registry takes
  /// longer than the rest of the inputs); nil when the command names a registry or none.
  private var calibration: Result<UtilizationCalibration?, any Error>?
  private let readsCalibration: Bool

  private init(runFile: String?, readsCalibration: Bool) {
    self.runFile = runFile
    self.readsCalibration = readsCalibration
    if readsCalibration {
      calibrationGroup.enter()
      Thread { [self] in
        defer { calibrationGroup.leave() }
        calibration = Result { try CalibrationLoader.load(registry: nil) }
      }.start()
    }
    // One plain thread, not one per input: the main thread is busy parsing arguments and there
    // may be only two cores. Not a Dispatch queue: on Linux its first worker thread started up to
    // 3 ms late, after the arguments were parsed.
    group.enter()
    Thread { [self] in
      defer { group.leave() }
      if let runFile { document = Result { try RunDocument.load(path: runFile) } }
      inputs = Result { try InputLocator().load() }
    }.start()
  }

  /// Starts loading the default inputs when `arguments` (without the program name) are a `check`
  /// that will read them; nil otherwise.
  public static func start(for arguments: [String]) -> InputPrefetch? {
    guard arguments.first == "check",
      !arguments.contains(where: { argument in selectingFlags.contains { argument == $0 || argument.hasPrefix($0 + "=") } })
    else { return nil }
    let namesCalibration = arguments.contains { argument in
      ["--registry", "--no-calibration"].contains { argument == $0 || argument.hasPrefix($0 + "=") }
    }
    return InputPrefetch(runFile: positional(in: arguments.dropFirst()), readsCalibration: !namesCalibration)
  }

  /// The one positional argument of `check`: every `check` option takes a value, so an option
  /// without `=` consumes the next argument. Anything unusual (`-`, `--`, two positionals) gives nil.
  static func positional(in arguments: ArraySlice<String>) -> String? {
    var found: String?
    var index = arguments.startIndex
    while index < arguments.endIndex {
      let argument = arguments[index]
      if argument.hasPrefix("--"), argument != "--" {
        index += argument.contains("=") ? 1 : 2
        continue
      }
      guard !argument.hasPrefix("-"), found == nil else { return nil }
      found = argument
      index += 1
    }
    return found
  }

  /// The default registry's calibration, when it was prefetched (nil: read it now).
  func prefetchedCalibration() -> Result<UtilizationCalibration?, any Error>? {
    guard readsCalibration else { return nil }
    calibrationGroup.wait()
    return calibration
  }

  /// Waits for the loads and returns the threshold set and catalogue, or throws the first error.
  public func wait() throws -> (ThresholdSet, LoadedCatalogue) {
    group.wait()
    guard let inputs else { throw CommandError("internal error: prefetch finished without results") }
    return try inputs.get()
  }

  /// The run file at `path`: the prefetched one when it is that file, else loaded now.
  func runDocument(at path: String) throws -> RunDocument {
    guard path == runFile else { return try RunDocument.load(path: path) }
    group.wait()
    guard let document else { throw CommandError("internal error: prefetch finished without the run file") }
    return try document.get()
  }
}
