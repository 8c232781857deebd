import FlopCore
import FlopRules

extension ThresholdSet {
  /// One digest for the whole set: SHA-256 over each regime's id, version and file hash, in id order.
  ///
  /// The registry records it with every assessment, so a verdict stored today can be traced to
  /// the exact threshold files that produced it, and `registry verify --recompute` knows which
  /// stored verdicts it can reproduce with the files it has.
  public var fingerprint: String {
    let lines = regimes.map { "\($0.regime.id)\t\($0.provenance.version)\t\($0.provenance.sha256)" }.sorted()
    return FileDigest.sha256(lines.joined(separator: "\n"))
  }
}
