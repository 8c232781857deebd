import Crypto
import FlopFiles
import Foundation

extension Registry {
  /// Signs the chain's current head, after `verify` finds the registry intact (a checkpoint of
  /// a tampered registry would vouch for the tampering).
  public func checkpoint(key: Curve25519.Signing.PrivateKey, at date: Date = Date()) throws -> Checkpoint {
    let report = try verify()
    guard report.ok else {
      throw RegistryError("not signing a checkpoint: verify finds the registry altered (\(report.problems[0]))")
    }
    guard report.headSeq > 0 else { throw RegistryError("the audit log is empty: there is no head to sign yet") }
    return try Checkpoint(
      registry: path, seq: report.headSeq, head: report.head, runs: report.runs, at: Self.timestamp(date), key: key)
  }

  /// Problems with the chain against signed checkpoints: a checkpoint not signed by `key`, or
  /// whose entry is gone or has another hash (the chain was truncated or re-hashed).
  public func check(_ checkpoints: [(name: String, checkpoint: Checkpoint)], key: Curve25519.Signing.PublicKey) throws -> [String] {
    var problems: [String] = []
    for (name, checkpoint) in checkpoints {
      guard checkpoint.isSigned(by: key) else {
        problems.append("checkpoint \(name): its signature does not verify with the public key given (forged, edited, or signed by another key)")
        continue
      }
      let stored = try store.read { db in
        try db.value("SELECT hash FROM audit WHERE seq = ?", checkpoint.seq) as String?
      }
      if stored == nil {
        problems.append(
          "checkpoint \(name) (entry \(checkpoint.seq), signed \(checkpoint.at)): the chain no longer reaches that entry: entries were removed from its end")
      } else if stored != checkpoint.head {
        problems.append(
          "checkpoint \(name) (entry \(checkpoint.seq), signed \(checkpoint.at)): that entry now has another hash: the chain was rewritten and re-hashed")
      }
    }
    return problems
  }
}
