import Crypto
import FlopRegistry

extension Registry {
  /// Everything `registry verify` and `GET /api/v1/verify` check, in the order they report it:
  /// the database's own integrity check, signed checkpoints (when a key is given), then the chain
  /// and tables, re-assessed when an assessor is given.
  public func verifyAll(
    expectHead: String? = nil, recompute assessor: RunAssessor? = nil, checkpoints: [(name: String, checkpoint: Checkpoint)] = [],
    key: Curve25519.Signing.PublicKey? = nil
  ) throws -> VerifyReport {
    let integrity = try integrityCheck()
    var report = try verify(expectHead: expectHead, recompute: assessor)
    if let key { report.problems.insert(contentsOf: try check(checkpoints, key: key), at: 0) }
    if integrity != "ok" { report.problems.insert("SQLite integrity check: \(integrity)", at: 0) }
    return report
  }
}
