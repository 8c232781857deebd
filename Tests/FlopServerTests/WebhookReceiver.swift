import FlopTestSupport
import Foundation

/// The loopback webhook receiver (`alerts/webhook_receiver.py`) as a process, stopped on deinit.
final class WebhookReceiver: @unchecked Sendable {
  struct Request: Decodable {
    var path: String
    var headers: [String: String]
    var body: String
    var status: Int

    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
  }

  let process = Process()
  let port: Int
  let log: String

  init(failFirst: Int = 0, slowSeconds: Double = 0) throws {
    log = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-\(UUID().uuidString).jsonl").path
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Paths.root.appendingPathComponent("Tests/FlopServerTests/alerts/webhook_receiver.py").path, log,
                         "--fail-first", String(failFirst), "--slow", String(slowSeconds)]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var text = ""
    while !text.contains("\n") {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
    }
    guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      process.terminate()
      throw LiveServerError(message: "the webhook receiver did not start: \(text)")
    }
    self.port = port
  }

  func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

  var requests: [Request] {
    guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
  }

  deinit {
    // SIGKILL: the child may inherit a mask that blocks SIGTERM from the test runner's threads.
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    try? FileManager.default.removeItem(atPath: log)
  }
}
