import Hummingbird
import Logging

/// Around every request: errors become JSON answers with the command line's messages (never a
/// crash, never a stack trace), and each request is counted, timed and logged with its id. The
/// log names the method, path and status, never a header or body (tokens stay out of logs).
struct RequestMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let metrics: ServerMetrics

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
    let started = ContinuousClock.now
    var response: Response
    do {
      response = try await next(request, context)
    } catch {
      if let http = error as? HTTPError, http.status == .notFound {
        response = APIError(.notFound, "no route \(request.method.rawValue) \(request.uri.path) (the API is described at /api/v1/openapi.json)")
          .response(requestID: context.id)
      } else if let known = APIError.from(error) {
        response = known.response(requestID: context.id)
      } else {
        context.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        response = APIError(.internalServerError, "the server could not answer this request (request id \(context.id); its log says more)")
          .response(requestID: context.id)
      }
    }
    let route = context.endpointPath ?? "unmatched"
    let elapsed = ContinuousClock.now - started
    metrics.record(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
    context.logger.info(
      "\(request.method.rawValue) \(request.uri.path) \(response.status.code)",
      metadata: ["route": "\(route)", "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)"])
    response.headers[.init("X-Request-Id")!] = context.id
    // The time spent in the server (W3C Server-Timing), for benchmarks and browsers' dev tools.
    let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    response.headers[.init("Server-Timing")!] = "app;dur=\(String(format: "%.2f", milliseconds))"
    return response
  }
}
