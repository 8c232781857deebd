import FlopCore
import FlopEngine
import FlopFetch
import FlopRegistry
import Foundation

/// Writes an import's runs through a FlopWatch server's API (`--server`): the server assesses,
/// stores and audits them under the token's name, as `registry add`, `update`, `status` and
/// `progress` do there.
struct ServerRunWriter: RunWriter {
  var client: RegistryClient

  /// The run as the server stores it, or nil when the server has no such run.
  func stored(_ id: String) throws -> StoredRun? {
    let path = "/runs/\(RegistryClient.component(id))"
    let answer: HTTPResponse
    do {
      answer = try client.http.send("GET", client.base + "/api/v1" + path, headers: ["Authorization: Bearer \(client.token)", "Accept: application/json"])
    } catch {
      throw CommandError("\(client.base): \(error)")
    }
    if answer.status == 404 { return nil }
    // Any other answer goes through the usual path, which words the server's errors.
    return try client.decode(StoredRun.self, answer.status == 200 ? answer : try client.call("GET", path))
  }

  func state(of id: String) throws -> StoredRunState? { try stored(id).map(StoredRunState.init) }

  func add(_ document: String, id: String) throws {
    _ = try client.call("POST", "/runs", body: Data(document.utf8), contentType: "application/json; file=\(id)")
  }

  func update(_ document: String, id: String) throws -> Bool {
    let answer = try client.call("PUT", "/runs/\(RegistryClient.component(id))", body: Data(document.utf8), contentType: "application/json; file=\(id)")
    return answer.headers["flopwatch-changed"] != "false"
  }

  func setStatus(_ id: String, _ status: Run.Status) throws {
    _ = try client.call("POST", "/runs/\(RegistryClient.component(id))/status", body: RegistryClient.json(["status": .string(status.rawValue)]))
  }

  func recordProgress(_ id: String, at: Date, tokens: Double?, gpuHours: Double?) throws {
    _ = try client.progress(id, at: at, tokens: tokens, gpuHours: gpuHours)
  }
}
