import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import FlopRules
import Foundation
import Hummingbird
import NIOCore

/// An answer other than success, sent as `{"error": {"status": …, "message": …}}`.
public struct APIError: Error, Sendable {
  public var status: HTTPResponse.Status
  public var message: String

  public init(_ status: HTTPResponse.Status, _ message: String) {
    self.status = status
    self.message = message
  }

  /// The status and message for an error a use case threw: the command line's message, with
  /// the status that says whose problem it is.
  static func from(_ error: any Error) -> APIError? {
    switch error {
    case let error as APIError: return error
    case let error as FlopFilesError: return APIError(error.field.isEmpty ? .badRequest : .unprocessableContent, error.description)
    case let error as FlopCoreError: return APIError(.unprocessableContent, error.description)
    case let error as FlopRulesError: return APIError(.unprocessableContent, error.description)
    case let error as EngineError: return APIError(.badRequest, error.description)
    case let error as FlopServerError: return APIError(.badRequest, error.description)
    case let error as RegistryError:
      switch error.kind {
      case .notFound: return APIError(.notFound, error.description)
      case .conflict: return APIError(.conflict, error.description)
      case .invalid: return APIError(.unprocessableContent, error.description)
      case .unavailable, .outdated: return APIError(.serviceUnavailable, error.description)
      }
    case is NIOTooManyBytesError:
      return APIError(.contentTooLarge, "the request body is larger than the server's limit (--max-body)")
    case let error as HTTPError:
      return APIError(error.status, error.body ?? error.status.reasonPhrase)
    default:
      if let message = RegistryError.message(for: error) { return APIError(.serviceUnavailable, message) }
      return nil
    }
  }

  struct Body: Encodable {
    struct Detail: Encodable {
      var status: Int
      var message: String
      var requestId: String?
    }
    var error: Detail
  }

  /// The JSON response.
  func response(requestID: String?) -> Response {
    let body = Body(error: .init(status: status.code, message: message, requestId: requestID))
    return JSONResponse.encode(body, status: status)
  }
}
