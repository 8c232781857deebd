import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import Foundation
import Hummingbird
import Logging

/// The REST API under `/api/v1` (CONTRACT.md §6). Each route checks the token's role, reads its
/// input, calls the engine and encodes the result as the command line's `--format json` does.
struct API: Sendable {
  let pool: RegistryPool
  let authority: TokenAuthority
  let configuration: ServerConfiguration
  let assessor: RunAssessor
  let answers = AnswerCache()
  let progress: ProgressQueue
  let alerts: AlertDispatcher?

  init(pool: RegistryPool, authority: TokenAuthority, configuration: ServerConfiguration, alerts: AlertDispatcher? = nil) {
    self.pool = pool
    self.alerts = alerts
    self.authority = authority
    self.configuration = configuration
    progress = ProgressQueue(pool: pool)
    assessor = RunAssessor(catalogue: configuration.catalogue.catalogue, thresholds: configuration.thresholds, asOf: CalendarDate.today())
  }

  typealias Handler = @Sendable (Request, ServerContext, Identity) async throws -> Response

  /// Authenticates, checks the role, then runs `handler`: 401 without a valid token, 403 without the role.
  func allow(_ role: Role, _ handler: @escaping Handler) -> @Sendable (Request, ServerContext) async throws -> Response {
    let authority = self.authority
    return { request, context in
      switch try await authority.identify(authorization: request.headers[.authorization]) {
      case .refused(let reason):
        var response = APIError(.unauthorized, reason).response(requestID: context.id)
        response.headers[.wwwAuthenticate] = "Bearer realm=\"flopwatch\""
        return response
      case .allowed(let identity):
        guard identity.role >= role else {
          throw APIError(.forbidden, "token '\(identity.name)' has the role \(identity.role.rawValue); this needs \(role.rawValue) or above")
        }
        return try await handler(request, context, identity)
      }
    }
  }

  /// A read's JSON answer, from the cache while the audit head is where it was when the answer
  /// was made (the key includes the day, for answers that depend on today).
  func cachedRead<T: Encodable & Sendable>(_ request: Request, _ read: @escaping @Sendable (Registry) throws -> T) async throws -> Response {
    let key = "\(CalendarDate.today()) \(request.uri.description)"
    let seq = try await pool.run { try $0.headSeq() }
    if let text = answers.get(key, seq: seq) { return JSONResponse.text(text) }
    let value = try await pool.run(read)
    let text = try JSONOutput.encode(value)
    answers.put(key, seq: seq, text: text)
    return JSONResponse.text(text)
  }

  /// The assessor as of today (UTC): the server outlives a day.
  var current: RunAssessor {
    var assessor = self.assessor
    assessor.asOf = CalendarDate.today()
    return assessor
  }

  /// The query's parameters, refusing any not in `allowed` (a mistyped filter must not be ignored).
  static func query(_ request: Request, allowed: [String]) throws -> [String: String] {
    var values: [String: String] = [:]
    for (key, value) in request.uri.queryParameters {
      let name = String(key)
      guard allowed.contains(name) else {
        throw APIError(.badRequest, "unknown query parameter '\(name)' (expected \(allowed.isEmpty ? "none" : allowed.joined(separator: ", ")))")
      }
      // PostgreSQL cannot store or compare a NUL character in text: refused here for every route,
      // as input no run, name or day can contain (schemathesis found the 422 it caused).
      guard !value.contains("\u{0}") else { throw APIError(.badRequest, "\(name): contains a NUL character") }
      values[name] = String(value)
    }
    return values
  }

  /// A run document from the body (JSON or YAML), named in messages as the client's file when the
  /// Content-Type says (`application/yaml; file=runs/atlas-2.yaml`, as the command line sends it),
  /// else "request body".
  func document(_ request: Request) async throws -> RunDocument {
    let text = try await RequestBody.text(request, limit: configuration.maxBodyBytes, seconds: configuration.bodySeconds)
    return try RunFileParser.parse(text, file: API.fileName(request) ?? "request body")
  }

  static func fileName(_ request: Request) -> String? {
    guard let type = request.headers[.contentType], let range = type.range(of: "; file=") else { return nil }
    let name = String(type[range.upperBound...])
    guard !name.isEmpty, name.count <= 300, !name.contains(where: { $0.isNewline || $0 == ";" }) else { return nil }
    return name
  }
}
