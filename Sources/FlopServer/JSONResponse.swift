import FlopEngine
import Hummingbird

/// JSON responses, encoded as the command line's `--format json` encodes the same values.
enum JSONResponse {
  static let contentType = "application/json; charset=utf-8"

  static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    do {
      return text(try JSONOutput.encode(value), status: status)
    } catch {
      return text("{\"error\": {\"status\": 500, \"message\": \"the answer could not be encoded as JSON\"}}\n", status: .internalServerError)
    }
  }
}
