import FlopCore
import FlopFetch
import FlopFiles
import FlopEngine
import FlopRegistry
import FlopRules
import FlopServer

/// An error whose description is the one line a user reads; `flopwatch` exits 2 for it.
///
/// Each module keeps its own error type; this marks them in one place so the entry point needs
/// one `catch`, and a new module's error is added here rather than as another catch clause.
protocol UserFacingError: Error, CustomStringConvertible {}

extension CommandError: UserFacingError {}
extension FlopCoreError: UserFacingError {}
extension FlopFilesError: UserFacingError {}
extension FlopRulesError: UserFacingError {}
extension RegistryError: UserFacingError {}
extension FetchError: UserFacingError {}
extension EngineError: UserFacingError {}
extension FlopServerError: UserFacingError {}
extension Registry.Rejection: UserFacingError {
  public var description: String { "line \(line): \(reason)" }
}
