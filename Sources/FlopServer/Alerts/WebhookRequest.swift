import Crypto
import FlopEngine
import FlopFiles
import FlopRegistry
import Foundation

/// The HTTP request for one delivery: the body in the webhook's format, its HMAC-SHA256
/// signature, and the event's idempotency key (the same for every attempt, so a receiver that
/// saw an attempt whose answer was lost can drop the retry).
struct WebhookRequest {
  var headers: [String]
  var body: Data

  static let signatureHeader = "FlopWatch-Signature"

  init(delivery: AlertDelivery, webhook: AlertSettings.Webhook) throws {
    let event = try AlertEvent.decode(delivery.payload)
    switch webhook.format {
    case .json:
      body = Data(delivery.payload.utf8)
    case .slack:
      let text = "*FlopWatch* \(Self.slackEscape(event.title))" + (event.runID.map { " (run `\(Self.slackEscape($0))`)" } ?? "")
      body = try JSONSerialization.data(withJSONObject: ["text": text], options: [.sortedKeys, .withoutEscapingSlashes])
    }
    let signature = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(webhook.secret.utf8)))
    headers = [
      "Content-Type: application/json",
      "\(Self.signatureHeader): sha256=\(APIToken.hex(Array(signature)))",
      "Idempotency-Key: \(FileDigest.sha256(delivery.eventKey).prefix(32))",
      "FlopWatch-Event: \(event.kind.rawValue)",
    ]
  }

  /// Slack's three control characters, escaped as its API asks.
  static func slackEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
  }
}
