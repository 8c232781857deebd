import FlopTestSupport
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The real `flopwatch serve` as a process on a free loopback port, stopped with SIGTERM.
final class LiveServer: @unchecked Sendable {
  let process = Process()
  let port: Int
  let output = Pipe()
  let location: String

  static var binary: String? {
    let candidate = Paths.root.appendingPathComponent(".build/debug/flopwatch").path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
  }

  /// Starts the server on `location` and waits until it says where it listens.
  init(location: String, extra: [String] = [], environment: [String: String] = [:], scheme: String = "http") throws {
    self.location = location
    process.executableURL = URL(fileURLWithPath: try Self.require())
    process.arguments = ["serve", "--database", location, "--port", "0", "--log-level", "warning", "--connections", "4"] + extra
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var seen = ""
    let deadline = Date().addingTimeInterval(60)
    while !seen.contains("\n"), Date() < deadline, process.isRunning {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    guard let range = seen.range(of: scheme + #"://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
      let port = Int(seen[range].split(separator: ":").last ?? "")
    else {
      process.terminate()
      throw LiveServerError(message: "the server did not report its port: \(seen)")
    }
    self.port = port
  }

  static func require() throws -> String {
    guard let binary else { throw LiveServerError(message: "build the executable first: swift build") }
    return binary
  }

  var base: String { "http://127.0.0.1:\(port)" }

  /// SIGTERM, then waits for the exit; returns the exit status and what it printed after the banner.
  @discardableResult func stop() -> (status: Int32, output: String) {
    if process.isRunning { kill(process.processIdentifier, SIGTERM) }
    process.waitUntilExit()
    let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, rest)
  }

  deinit { if process.isRunning { process.terminate() } }

  /// One request; returns the status and body.
  func send(_ method: String, _ path: String, token: String?, body: String? = nil) async throws -> (status: Int, text: String) {
    var request = URLRequest(url: URL(string: base + path)!)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let body { request.httpBody = Data(body.utf8) }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
  }
}

struct LiveServerError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
