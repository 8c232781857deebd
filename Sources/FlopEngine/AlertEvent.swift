import FlopCore
import FlopFiles
import FlopRegistry
import Foundation

/// Something a compliance lead should hear about now, with the key that makes it happen once.
public struct AlertEvent: Sendable, Equatable, Codable {
  /// Unique per event: the same fact found again has the same key and is not sent again.
  public var key: String
  public var kind: AlertSettings.Kind
  public var runID: String?
  /// One sentence a person can act on.
  public var title: String
  public var detail: [String: String]
  /// When it was found (UTC, ISO 8601).
  public var detectedAt: String

  public init(key: String, kind: AlertSettings.Kind, runID: String?, title: String, detail: [String: String], detectedAt: String) {
    self.key = key
    self.kind = kind
    self.runID = runID
    self.title = title
    self.detail = detail
    self.detectedAt = detectedAt
  }

  /// The event as JSON with sorted keys (what the outbox stores and a generic webhook receives).
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  public static func decode(_ text: String) throws -> AlertEvent {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(AlertEvent.self, from: Data(text.utf8))
  }

  /// The event for a `verify` that found problems (keyed by the problems, so the same damage
  /// found again is one alert, and new damage another).
  public static func tamper(_ report: VerifyReport, at now: Date) -> AlertEvent? {
    guard !report.problems.isEmpty else { return nil }
    let digest = FileDigest.sha256(report.problems.joined(separator: "\n"))
    return AlertEvent(
      key: "tamper:\(digest.prefix(32))", kind: .tamper, runID: nil,
      title: "verify found \(report.problems.count) problem(s) in the registry: \(report.problems.first ?? "")",
      detail: ["problems": report.problems.prefix(20).joined(separator: "\n"), "head": report.head], detectedAt: Registry.timestamp(now))
  }
}
