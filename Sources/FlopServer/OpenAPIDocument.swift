import Foundation

/// The API's OpenAPI 3.1 document, committed as `Sources/FlopServer/openapi.json` and served at
/// `/api/v1/openapi.json`.
enum OpenAPIDocument {
  static let text: String = {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
      return "{\"error\": {\"status\": 500, \"message\": \"the OpenAPI document is missing from this build\"}}\n"
    }
    return String(decoding: data, as: UTF8.self)
  }()
}
