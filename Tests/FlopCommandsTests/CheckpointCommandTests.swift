import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// `registry keygen`, `registry checkpoint` and `verify --checkpoint/--recompute` (issue 12).
@Suite struct CheckpointCommandTests {
  func sqlite(_ path: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", path, sql]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }

  @Test func aSignedCheckpointCatchesTruncation() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "keygen", "--out", dir.path("keys")]).code == 0)
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    let signed = CLI.run(["registry", "checkpoint", "--key", dir.path("keys/audit.key"), "--out", dir.path("cp") + "/", "--registry", db])
    #expect(signed.code == 0, "\(signed.output)\(signed.error ?? "")")
    #expect(FileManager.default.fileExists(atPath: dir.path("cp/checkpoint-1.json")))
    let checkArguments = ["registry", "verify", "--checkpoint", dir.path("cp"), "--public-key", dir.path("keys/audit.pub"), "--registry", db]
    let clean = CLI.run(checkArguments)
    #expect(clean.code == 0 && clean.output.contains("1 signed checkpoint(s) still in the chain"), "\(clean.output)")

    // Remove the run with its whole log: every link and row agrees; the checkpoint does not.
    try sqlite(db, "DELETE FROM obligations; DELETE FROM run_versions; DELETE FROM runs; DELETE FROM audit")
    #expect(CLI.run(["registry", "verify", "--registry", db]).code == 0)
    let caught = CLI.run(checkArguments)
    #expect(caught.code == 1)
    #expect(caught.output.contains("the chain no longer reaches that entry"), "\(caught.output)")
  }

  @Test func aForgedOrForeignCheckpointIsRefused() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "keygen", "--out", dir.path("keys")]).code == 0)
    #expect(CLI.run(["registry", "keygen", "--out", dir.path("other")]).code == 0)
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    let file = dir.path("cp.json")
    #expect(CLI.run(["registry", "checkpoint", "--key", dir.path("keys/audit.key"), "--out", file, "--registry", db]).code == 0)
    let foreign = CLI.run(["registry", "verify", "--checkpoint", file, "--public-key", dir.path("other/audit.pub"), "--registry", db])
    #expect(foreign.code == 1 && foreign.output.contains("does not verify with the public key"), "\(foreign.output)")
    // An edited head (to match a re-hashed chain) breaks the signature.
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let edited = text.replacingOccurrences(of: #""seq" : 1"#, with: #""seq" : 2"#)
    #expect(edited != text)
    try edited.write(toFile: file, atomically: true, encoding: .utf8)
    let forged = CLI.run(["registry", "verify", "--checkpoint", file, "--public-key", dir.path("keys/audit.pub"), "--registry", db])
    #expect(forged.code == 1 && forged.output.contains("does not verify"), "\(forged.output)")
    // Not a checkpoint at all, and a checkpoint without a key: clear errors.
    try "{}".write(toFile: file, atomically: true, encoding: .utf8)
    let garbage = CLI.run(["registry", "verify", "--checkpoint", file, "--public-key", dir.path("keys/audit.pub"), "--registry", db])
    #expect(garbage.code != 0 && garbage.error?.contains("not a FlopWatch checkpoint") == true)
    #expect(CLI.run(["registry", "verify", "--checkpoint", file, "--registry", db]).error?.contains("needs --public-key") == true)
  }

  @Test func aTamperedRegistryIsNotSigned() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "keygen", "--out", dir.path("keys")]).code == 0)
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    try sqlite(db, "UPDATE runs SET cumulative_central = 1")
    let refused = CLI.run(["registry", "checkpoint", "--key", dir.path("keys/audit.key"), "--registry", db])
    #expect(refused.code != 0 && refused.error?.contains("not signing a checkpoint") == true, "\(refused.error ?? "")")
  }

  @Test func recomputeReportsWhatItReassessed() throws {
    let dir = try TempDirectory()
    defer { dir.remove() }
    let db = dir.path("r.sqlite")
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    let verify = CLI.run(["registry", "verify", "--recompute", "--registry", db])
    #expect(verify.code == 0 && verify.output.contains("recomputed: 1 runs re-assessed"), "\(verify.output)")
    let json = CLI.run(["registry", "verify", "--recompute", "--format", "json", "--registry", db])
    #expect(json.output.contains("\"recomputed\" : 1"), "\(json.output)")
  }
}
