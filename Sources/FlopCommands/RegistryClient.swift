import FlopCore
import FlopEngine
import FlopFetch
import FlopFiles
import FlopRegistry
import Foundation

/// The `registry` commands' client mode: the same requests as the local registry, sent to a
/// `flopwatch serve` over libcurl. Answers are the server's `--format json` values, decoded into
/// the same types the local commands render, so the output is the same.
struct RegistryClient {
  let base: String
  let token: String
  let http: HTTPClient

  /// The server and token in effect, or nil for a local registry: `--server`, else
  /// `FLOPWATCH_SERVER`; the token from `FLOPWATCH_TOKEN`, else `--token-file` (default
  /// `$FLOPWATCH_HOME/token`), a file only its owner may read.
  static func resolve(server flag: String?, tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RegistryClient? {
    guard let server = flag ?? environment["FLOPWATCH_SERVER"].flatMap({ $0.isEmpty ? nil : $0 }) else {
      if tokenFile != nil { throw CommandError("--token-file is for --server (or FLOPWATCH_SERVER)") }
      return nil
    }
    var base = server
    while base.hasSuffix("/") { base.removeLast() }
    var http = HTTPClient(version: FlopwatchCommand.version)
    // Exports and imports are whole registries: no 16 MB cap, and time to finish.
    http.maxBodyBytes = 1 << 40
    http.totalTimeout = 3600
    if let token = environment["FLOPWATCH_TOKEN"], !token.isEmpty, tokenFile == nil {
      return RegistryClient(base: base, token: token, http: http)
    }
    let path = tokenFile ?? ThresholdStore.defaultHome(environment: environment) + "/token"
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let data = FileManager.default.contents(atPath: path) else {
      throw CommandError("\(server): no token: set FLOPWATCH_TOKEN, or put it in \(path) (mode 0600); `flopwatch serve token create` makes one")
    }
    let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
    guard mode & 0o077 == 0 else {
      throw CommandError("\(path): the token file is readable by others (mode \(String(mode, radix: 8))); chmod 600 \(path)")
    }
    let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard !token.isEmpty else { throw CommandError("\(path): the token file is empty") }
    return RegistryClient(base: base, token: token, http: http)
  }

  /// A request to `/api/v1` + `path`; the answer's body, or the server's error as a CommandError
  /// with its message (exit 2, as locally).
  func call(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json") throws -> HTTPResponse {
    var headers = ["Authorization: Bearer \(token)", "Accept: application/json"]
    if body != nil { headers.append("Content-Type: \(contentType)") }
    let response: HTTPResponse
    do {
      response = try http.send(method, base + "/api/v1" + path, headers: headers, body: body)
    } catch {
      throw CommandError("\(base): \(error)")
    }
    guard (200..<300).contains(response.status) || (path.hasPrefix("/import") && response.status == 422) else {
      let message = JSONValue.parse(String(decoding: response.body, as: UTF8.self))?["error"]?["message"]?.string
      throw CommandError(message ?? "\(base): HTTP \(response.status)")
    }
    return response
  }

  /// Decodes an answer into the type the local command renders.
  func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) throws -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .custom { path in Self.property(path.last!.stringValue) }
    do { return try decoder.decode(type, from: response.body) } catch {
      throw CommandError("\(base): the server's answer is not what this flopwatch expects (\(error)); are both the same version?")
    }
  }

  /// Properties whose names keep an acronym in capitals, which snake_case cannot say (`runID`
  /// is written `run_id`, and a plain conversion reads that back as `runId`).
  static let acronyms = ["run_id": "runID"]

  /// The property a snake_case key was written from.
  static func property(_ key: String) -> any CodingKey {
    if let known = acronyms[key] { return AnyKey(known) }
    let words = key.split(separator: "_", omittingEmptySubsequences: true)
    guard let first = words.first else { return AnyKey(key) }
    return AnyKey(String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ text: String) { stringValue = text }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// The answer as the local command's `--format json` prints it (the server encodes the same way).
  func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

  /// Records progress on the server and returns its forecast.
  func progress(_ id: String, at: Date, tokens: Double?, gpuHours: Double?) throws -> ProgressForecast {
    var body: [String: JSONValue] = ["at": .string(Registry.timestamp(at))]
    if let tokens { body["tokens"] = .number(tokens) }
    if let gpuHours { body["gpu_hours"] = .number(gpuHours) }
    return try decode(ProgressForecast.self, try call("POST", "/runs/\(Self.component(id))/progress", body: Self.json(body)))
  }

  /// A JSON body.
  static func json(_ members: [String: JSONValue]) -> Data { Data(JSONValue.object(members).canonical.utf8) }

  /// A path component, percent-encoded.
  static func component(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
  }

  /// A query string from the given items.
  static func query(_ items: [(String, String?)]) -> String {
    let given = items.compactMap { key, value in value.map { "\(key)=\(component($0))" } }
    return given.isEmpty ? "" : "?" + given.joined(separator: "&")
  }
}

/// The part of `GET /thresholds` the client shows: the set's label and fingerprint.
struct ServerThresholds: Decodable {
  var thresholdSet: String
  var fingerprint: String
}
