import Foundation

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary directory, started on
/// a free loopback port with password (SCRAM) authentication, and stopped when the test process
/// ends, however it ends (a watchdog process stops it once the test process is gone).
///
/// Started once per test process, on first use; each test takes a database of its own.
public final class PostgresCluster: Sendable {
  public let port: Int
  public let user = "flopwatch"
  public let password: String
  public let directory: String
  let binaries: String

  /// The shared cluster, or why there is none. Where PostgreSQL is required
  /// (`FLOPWATCH_REQUIRE_POSTGRES=1`, as `.ci/run` sets), "none" is a test failure, not a skip.
  public static let shared: Result<PostgresCluster, PostgresUnavailable> = {
    do { return .success(try PostgresCluster()) } catch let error as PostgresUnavailable { return .failure(error) } catch {
      return .failure(PostgresUnavailable(reason: "\(error)"))
    }
  }()

  /// Whether tests that need PostgreSQL must fail instead of skipping when it is missing.
  public static var isRequired: Bool { ProcessInfo.processInfo.environment["FLOPWATCH_REQUIRE_POSTGRES"] == "1" }

  /// The server's programs (initdb, pg_ctl, postgres), newest major version first.
  static func findBinaries() -> String? {
    let root = "/usr/lib/postgresql"
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
    for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
      return "\(root)/\(version)/bin"
    }
    return nil
  }

  private init() throws {
    guard let binaries = Self.findBinaries() else {
      throw PostgresUnavailable(reason: "PostgreSQL's server programs are not installed (Debian: apt-get install postgresql; .ci/setup does it)")
    }
    self.binaries = binaries
    password = "pw-" + UUID().uuidString.prefix(12).lowercased()
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("flopwatch-pg-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try (password + "\n").write(toFile: directory + "/pwfile", atomically: true, encoding: .utf8)
    // PostgreSQL refuses to run as root; the tests then run it as `nobody`.
    if getuid() == 0 {
      _ = try Self.shell("chown -R nobody '\(directory)' && chmod 700 '\(directory)'")
    }
    let initdb = try Self.shell(
      Self.asServerUser("'\(binaries)/initdb' -D '\(directory)/data' -U \(user) -A scram-sha-256 --pwfile='\(directory)/pwfile' -E UTF8 --locale=C --no-sync"))
    guard initdb.status == 0 else { throw PostgresUnavailable(reason: "initdb failed: \(initdb.output.suffix(400))") }
    var started: Int?
    var lastOutput = ""
    for _ in 0..<5 {
      let candidate = Int.random(in: 20000...59999)
      let options = "-p \(candidate) -k '\(directory)' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
      let start = try Self.shell(
        Self.asServerUser("'\(binaries)/pg_ctl' -D '\(directory)/data' -l '\(directory)/server.log' -o \"\(options)\" -w -t 60 start"))
      if start.status == 0 {
        started = candidate
        break
      }
      lastOutput = start.output + ((try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? "")
    }
    guard let started else { throw PostgresUnavailable(reason: "the server did not start: \(lastOutput.suffix(600))") }
    port = started
    // The watchdog: once this test process is gone (passed, failed or killed), stop the server
    // and remove its directory.
    let watchdog = Process()
    watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
    watchdog.arguments = [
      "-c",
      "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
        + Self.asServerUser("'\(binaries)/pg_ctl' -D '\(directory)/data' -m immediate stop") + " >/dev/null 2>&1; rm -rf '\(directory)'",
    ]
    watchdog.standardOutput = FileHandle.nullDevice
    watchdog.standardError = FileHandle.nullDevice
    try watchdog.run()
  }

  static func asServerUser(_ command: String) -> String {
    getuid() == 0 ? "runuser -u nobody -- /bin/sh -c \"\(command.replacingOccurrences(of: "\"", with: "\\\""))\"" : command
  }

  @discardableResult
  static func shell(_ command: String) throws -> (status: Int32, output: String) {
    try ExternalTool.run("sh", ["-c", "cd / && " + command + " 2>&1"])
  }

  private static let counter = Counter()

  /// A new empty database on the cluster; returns its `postgres://` URL (with the password).
  public func createDatabase() throws -> String {
    let name = "fw_\(getpid())_\(Self.counter.next())"
    let result = try psql(database: "postgres", "CREATE DATABASE \(name)")
    guard result.status == 0 else { throw PostgresUnavailable(reason: "CREATE DATABASE failed: \(result.output)") }
    return url(database: name)
  }

  /// The URL of `database`, with the password unless `withPassword` is false.
  public func url(database: String, withPassword: Bool = true) -> String {
    "postgres://\(user)\(withPassword ? ":" + password : "")@127.0.0.1:\(port)/\(database)"
  }

  /// Runs SQL with `psql` against a database of the cluster (as someone outside FlopWatch would).
  public func psql(database: String, _ sql: String) throws -> (status: Int32, output: String) {
    try ExternalTool.run("\(binaries)/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", url(database: database), "-c", sql])
  }

  /// Runs SQL against the database a registry URL names.
  public func psql(url registryURL: String, _ sql: String) throws -> (status: Int32, output: String) {
    let database = String(registryURL.split(separator: "/").last ?? "")
    return try psql(database: database, sql)
  }

  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
      lock.lock()
      defer { lock.unlock() }
      value += 1
      return value
    }
  }
}

/// Why the tests have no PostgreSQL here.
public struct PostgresUnavailable: Error, CustomStringConvertible, Sendable {
  public var reason: String
  public var description: String { "PostgreSQL unavailable: \(reason)" }
}
