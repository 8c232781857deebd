import FlopCore
import FlopFiles
import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies with a size cap and a deadline, so a huge or endless body is cut off.
enum RequestBody {
  /// The whole body as text, at most `limit` bytes, arriving within `seconds`.
  static func text(_ request: Request, limit: Int, seconds: Int64) async throws -> String {
    let buffer = try await withDeadline(seconds) { try await request.body.collect(upTo: limit) }
    guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes), !text.isEmpty else {
      throw APIError(.badRequest, "the request has no body (send the document as JSON or YAML)")
    }
    return text
  }

  /// The body as a JSON object, refusing members not in `allowed`.
  static func object(_ request: Request, limit: Int, seconds: Int64, allowed: Set<String>) async throws -> [String: JSONValue] {
    let text = try await text(request, limit: limit, seconds: seconds)
    guard let value = JSONValue.parse(text) else { throw APIError(.badRequest, "body: not valid JSON") }
    guard case .object(let members) = value else { throw APIError(.badRequest, "body: expected a JSON object") }
    if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
      throw APIError(.unprocessableContent, "body: unknown field '\(unknown)' (expected \(allowed.sorted().joined(separator: ", ")))")
    }
    return members
  }

  /// Copies the body to `path` as it arrives, at most `limit` bytes within `seconds`.
  static func spool(_ request: Request, to path: String, limit: Int, seconds: Int64) async throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw APIError(.internalServerError, "cannot spool the upload to a temporary file") }
    defer { try? handle.close() }
    return try await withDeadline(seconds) {
      var total = 0
      for try await chunk in request.body {
        total += chunk.readableBytes
        guard total <= limit else { throw APIError(.contentTooLarge, "the upload is larger than the server's limit of \(limit) bytes") }
        try handle.write(contentsOf: chunk.readableBytesView)
      }
      return total
    }
  }

  /// Runs `body`, failing with 408 if it takes longer than `seconds`.
  static func withDeadline<T: Sendable>(_ seconds: Int64, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
      group.addTask { try await body() }
      group.addTask {
        try await Task.sleep(for: .seconds(seconds))
        throw APIError(.requestTimeout, "the request body did not arrive within \(seconds) s")
      }
      defer { group.cancelAll() }
      guard let first = try await group.next() else { throw CancellationError() }
      return first
    }
  }
}

extension [String: JSONValue] {
  /// A number member, given as a JSON number or as text such as "2.1T".
  func quantity(_ key: String) throws -> Double? {
    switch self[key] {
    case nil, .null?: return nil
    case .number(let value)?:
      guard value.isFinite, value >= 0 else { throw APIError(.unprocessableContent, "\(key): \(value) is not a positive number") }
      return value
    case .string(let text)?: return try Quantity.parse(text, field: key)
    default: throw APIError(.unprocessableContent, "\(key): expected a number (such as 2.1e12) or text such as \"2.1T\"")
    }
  }

  /// A text member.
  func string(_ key: String) throws -> String? {
    switch self[key] {
    case nil, .null?: return nil
    case .string(let text)?: return text
    default: throw APIError(.unprocessableContent, "\(key): expected text")
    }
  }
}
