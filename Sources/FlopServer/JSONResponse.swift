import FlopEngine
import Hummingbird

/// JSON responses, encoded as the command line's `--format json` encodes the same values.
enum JSONResponse {
  static let contentType = "application/json; charset=utf-8"

  static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    encoded(status: status) { try JSONOutput.encode(value) }
  }

  /// A type that writes its own JSON (`JSONTextEncodable`), as `JSONOutput` writes it.
  static func encode<T: JSONTextEncodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    encoded(status: status) { try JSONOutput.encode(value) }
  }

  private static func encoded(status: HTTPResponse.Status, _ body: () throws -> String) -> Response {
    do {
      return text(try body(), status: status)
    } catch {
      return text("{\"error\": {\"status\": 500, \"message\": \"the answer could not be encoded as JSON\"}}\n", status: .internalServerError)
    }
  }
}
