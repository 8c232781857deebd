import FlopRegistry
import FlopServer
import FlopTestSupport
import Foundation
import Testing

/// An API token edited or inserted outside FlopWatch is tampering, and `verify` says so.
@Suite struct TokenTamperTests {
  static let forged = APIToken.generate()

  static let edits: [(sql: String, problem: String)] = [
    ("UPDATE api_tokens SET role = 'admin' WHERE name = 'viewer-holder'", "'viewer-holder': its name, role, secret or expiry differs"),
    ("UPDATE api_tokens SET expires = NULL WHERE name = 'expired'", "'expired': its name, role, secret or expiry differs"),
    ("""
      INSERT INTO api_tokens (id, name, role, secret_sha256, created_at, created_by) VALUES ('\(forged.id)', 'intruder', 'admin', '\(forged.secretSHA256)', '2026-12-01T00:00:00Z', 'nobody')
      """, "'intruder' (admin) has no audit entry"),
    ("UPDATE api_tokens SET revoked_at = NULL WHERE name = 'revoked'", "'revoked' was revoked in the audit log but is live"),
  ]

  @Test(arguments: StorageBackend.available, 0..<edits.count) func anEditedOrInsertedTokenFailsVerify(backend: StorageBackend, index: Int) throws {
    let fixture = try ServerFixture(backend: backend)
    #expect(try fixture.registry().verify().ok)
    let edit = Self.edits[index]
    try backend.tamper(fixture.location, edit.sql)
    let report = try fixture.registry().verify()
    #expect(!report.ok)
    #expect(report.problems.contains { $0.contains(edit.problem) }, "\(report.problems)")
  }
}
