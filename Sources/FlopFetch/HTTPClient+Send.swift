import CCurl
import Foundation

extension HTTPClient {
  /// Sends one request with any method and body and returns the answer whatever its status
  /// (the caller reads error bodies). Not retried: a write must not be sent twice. The same
  /// scheme rules as `get` (https, or http to loopback); no redirects are followed.
  public func send(_ method: String, _ url: String, headers: [String] = [], body: Data? = nil) throws(FetchError) -> HTTPResponse {
    let scheme = try Self.checkedScheme(url, initial: true)
    guard scheme != "file" else { throw FetchError(.insecureURL, "\(url): a server URL is http(s)://host[:port]") }
    let handle = try handle(for: url, scheme: scheme)
    handle.set(CURLOPT_CUSTOMREQUEST, method)
    // No "Expect: 100-continue" round trip before a large body.
    for header in headers + ["Expect:"] { handle.addHeader(header) }
    if let body {
      // Binary-safe: the size first, then libcurl copies that many bytes.
      _ = flopwatch_curl_setopt_off(handle.handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
      body.withUnsafeBytes { bytes in
        _ = flopwatch_curl_setopt_pointer(handle.handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
      }
    }
    let sink = ResponseSink(limit: maxBodyBytes)
    let code = handle.perform(into: sink)
    if code != CURLE_OK { throw Self.error(for: code, sink: sink, detail: handle.errorMessage, url: url, limit: maxBodyBytes) }
    var response = HTTPResponse(status: handle.responseCode, body: sink.body, etag: sink.headers["etag"], lastModified: sink.headers["last-modified"], url: url)
    response.headers = sink.headers
    return response
  }
}
