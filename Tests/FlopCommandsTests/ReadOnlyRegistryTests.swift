import FlopCommands
import Foundation
import Testing
import FlopTestSupport

/// An auditor's copy of a registry that they cannot write can still be listed, verified and
/// exported, and is left byte for byte as it was (issue 12).
@Suite struct ReadOnlyRegistryTests {
  /// Runs the built executable as a user who cannot write the registry: `nobody` when the tests
  /// run as root (root ignores file modes), else the current user after the modes are removed.
  static func runAsReader(_ binary: String, _ arguments: [String]) throws -> (output: String, error: String, code: Int32) {
    // The copied binary can be briefly "busy" (ETXTBSY): a process that other tests forked while
    // the copy was being written holds its write descriptor until it execs. Wait that out.
    // (Run directly, not as root, the busy file is an error from `run()` itself.)
    for _ in 0..<50 {
      do {
        let result = try runOnce(binary, arguments)
        guard result.error.contains("Text file busy") else { return result }
      } catch where "\(error)".lowercased().contains("busy") {}
      Thread.sleep(forTimeInterval: 0.1)
    }
    return try runOnce(binary, arguments)
  }

  static func runOnce(_ binary: String, _ arguments: [String]) throws -> (output: String, error: String, code: Int32) {
    let process = Process()
    if getuid() == 0 {
      process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
      process.arguments = ["-u", "nobody", "--", binary] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let error = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self), process.terminationStatus)
  }

  @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")))
  func readingCommandsWorkOnAFileNobodyMayWrite() throws {
    let built = try #require(Binary.path, "build the executable first: swift build")
    let dir = try TempDirectory()
    defer {
      _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("ro"))
      dir.remove()
    }
    // A directory and binary the reader can reach; the registry in it readable, nothing writable.
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.url.path)
    let binary = dir.path("flopwatch")
    try FileManager.default.copyItem(atPath: built, toPath: binary)
    try FileManager.default.createDirectory(atPath: dir.path("ro"), withIntermediateDirectories: true)
    let db = dir.path("ro/r.sqlite")
    #expect(CLI.run(["registry", "add", Paths.fixture("runs/atlas-2.yaml"), "--registry", db]).code == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path("ro"))

    for arguments in [["registry", "list"], ["registry", "verify"], ["registry", "export"], ["registry", "show", "atlas-2"],
                      ["registry", "obligations"], ["registry", "audit"], ["registry", "lineage", "atlas-2"]] {
      let result = try Self.runAsReader(binary, arguments + ["--registry", db])
      #expect(result.code == 0, "\(arguments): \(result.error)")
      #expect(result.error.isEmpty, "\(arguments): \(result.error)")
    }
    #expect(try Self.runAsReader(binary, ["registry", "list", "--registry", db]).output.contains("atlas-2"))
    // A write is refused with the file named, and nothing changes.
    let write = try Self.runAsReader(binary, ["registry", "status", "atlas-2", "completed", "--registry", db])
    #expect(write.code != 0 && write.error.contains("cannot open the registry for writing"), "\(write.error)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
  }
}
