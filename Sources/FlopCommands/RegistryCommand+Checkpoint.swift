import ArgumentParser
import Crypto
import FlopFetch
import FlopFiles
import FlopEngine
import FlopRegistry
import Foundation

extension RegistryCommand {
  /// `registry keygen --out DIR`.
  public struct Keygen: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "keygen",
      _superCommandName: "flopwatch registry",
      abstract: "Create an Ed25519 key pair for signing checkpoints of the audit chain.",
      discussion: """
        Keep the private key away from the registry (another machine, a secrets store): whoever holds it can vouch for a rewritten chain.

          flopwatch registry keygen --out ~/audit-keys   # writes audit.key (owner-only) and audit.pub
        """)
    @Option(help: "Directory for audit.key and audit.pub.") public var out: String
    public init() {}
    public func execute() throws -> CommandResult {
      let (privatePath, publicPath) = try ChannelKeys.generate(into: out, name: "audit")
      return CommandResult(output: "wrote \(privatePath) (keep it secret, away from the registry) and \(publicPath) (give it to whoever verifies)\n")
    }
  }

  /// `registry checkpoint --key KEY [--out PATH]`.
  public struct CheckpointCommand: ParsableCommand, ResultCommand {
    public static let configuration = CommandConfiguration(
      commandName: "checkpoint",
      _superCommandName: "flopwatch registry",
      abstract: "Verify the registry, then sign its audit chain's head (an anchor for later verifies).",
      discussion: """
        A checkpoint names the chain's last entry and its hash, signed with the key from `registry keygen`. Keep it outside the registry; `registry verify --checkpoint FILE --public-key audit.pub` then fails if that entry was removed or re-hashed.

          flopwatch registry checkpoint --key ~/audit-keys/audit.key --out checkpoints/
        """)
    @Option(help: "The private key (audit.key from `registry keygen`).") public var key: String
    @Option(help: "A directory (writes checkpoint-SEQ.json in it) or a file; default: standard output.")
    public var out: String?
    @OptionGroup public var options: RegistryOptions
    public init() {}

    public func execute() throws -> CommandResult {
      if try options.client() != nil {
        throw CommandError("a checkpoint signs the audit chain itself: run `registry checkpoint` where the database is (--registry), not through --server")
      }
      let signingKey = try ChannelKeys.loadPrivate(key)
      let registry = try options.openForReading()
      let checkpoint = try registry.checkpoint(key: signingKey)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      let data = try encoder.encode(checkpoint) + Data("\n".utf8)
      guard let out else { return CommandResult(output: String(decoding: data, as: UTF8.self)) }
      var isDirectory: ObjCBool = false
      let intoDirectory = out.hasSuffix("/") || (FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue)
      let path = intoDirectory ? (out.hasSuffix("/") ? out : out + "/") + "checkpoint-\(checkpoint.seq).json" : out
      if intoDirectory { try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
      do { try AtomicFile.write(data, to: path) } catch { throw CommandError("\(path): cannot write the checkpoint (\(error))") }
      return CommandResult(output: "signed entry \(checkpoint.seq) (head \(checkpoint.head.prefix(16))…, \(checkpoint.runs) runs) into \(path)\n")
    }
  }

  /// Reads checkpoint files, or every `*.json` in a directory, for `verify --checkpoint`.
  static func loadCheckpoints(_ paths: [String]) throws -> [(name: String, checkpoint: Checkpoint)] {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CommandError("--checkpoint \(path): no such file or directory")
      }
      if isDirectory.boolValue {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let found = names.filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
        guard !found.isEmpty else { throw CommandError("--checkpoint \(path): the directory has no checkpoint (.json) files") }
        files += found
      } else {
        files.append(path)
      }
    }
    return try files.map { file in
      let bytes = try FileText.readBytes(file)
      guard bytes.count < 65_536, let checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: Data(bytes)) else {
        throw CommandError("\(file): not a FlopWatch checkpoint (expected the JSON `registry checkpoint` writes)")
      }
      return (file, checkpoint)
    }
  }
}
