import CCurl
import Foundation

/// A small HTTP(S) client over libcurl for fetching threshold channels.
///
/// TLS verification is always on. Only https is allowed, plus http to loopback (for tests) and
/// file:// for air-gapped sites; redirects are followed by hand so each hop is checked and none
/// leaves https. Bodies are capped while they arrive; stalled transfers are cut by a low-speed
/// limit; proxies come from the environment (libcurl reads `https_proxy`, `no_proxy`, …).
/// Transient failures (connection errors, timeouts, 429 and 5xx) are retried with backoff.
public struct HTTPClient: Sendable {
  public var connectTimeout: Int = 10
  public var totalTimeout: Int = 120
  /// Below this many bytes per second for `lowSpeedTime` seconds, the transfer is abandoned.
  public var lowSpeedLimit: Int = 256
  public var lowSpeedTime: Int = 20
  public var maxBodyBytes: Int = 16 << 20
  public var maxRedirects: Int = 3
  public var attempts: Int = 3
  /// When set, no request (or retry) runs past it: one update's total time is bounded, whatever
  /// each request's own limits allow.
  public var deadline: Date?
  /// Seconds before the first retry; doubled each time.
  public var backoff: Double = 0.5
  public var userAgent: String

  public init(version: String) {
    userAgent = "flopwatch/\(version) libcurl/\(LibcurlGlobal.version)"
  }

  /// Fetches a URL; a conditional request when `etag` or `lastModified` is given (304 is a result, not an error).
  public func get(_ url: String, etag: String? = nil, lastModified: String? = nil, maxBytes: Int? = nil) throws(FetchError) -> HTTPResponse {
    var attempt = 0
    while true {
      attempt += 1
      var bounded = self
      if let deadline {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining >= 1 else {
          throw FetchError(.timeout, "\(url): the update's time limit ran out before this request; nothing installed")
        }
        bounded.totalTimeout = min(totalTimeout, Int(remaining))
      }
      do {
        return try bounded.getOnce(url, etag: etag, lastModified: lastModified, maxBytes: min(maxBytes ?? maxBodyBytes, maxBodyBytes))
      } catch {
        guard error.isTransient, attempt < attempts else { throw error }
        let pause = backoff * pow(2, Double(attempt - 1))
        if let deadline, Date().addingTimeInterval(pause) >= deadline { throw error }
        Thread.sleep(forTimeInterval: pause)
      }
    }
  }

  func getOnce(_ url: String, etag: String?, lastModified: String?, maxBytes: Int) throws(FetchError) -> HTTPResponse {
    var current = url
    var scheme = try Self.checkedScheme(current, initial: true)
    for _ in 0...maxRedirects {
      let handle = try handle(for: current, scheme: scheme)
      handle.set(CURLOPT_LOW_SPEED_LIMIT, lowSpeedLimit)
      handle.set(CURLOPT_LOW_SPEED_TIME, lowSpeedTime)
      handle.set(CURLOPT_ACCEPT_ENCODING, "")
      _ = flopwatch_curl_setopt_off(handle.handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxBytes))
      if let etag { handle.addHeader("If-None-Match: \(etag)") }
      if let lastModified { handle.addHeader("If-Modified-Since: \(lastModified)") }
      let sink = ResponseSink(limit: maxBytes)
      let code = handle.perform(into: sink)
      if code != CURLE_OK {
        throw Self.error(for: code, sink: sink, detail: handle.errorMessage, url: current, limit: maxBytes)
      }
      let status = scheme == "file" ? 200 : handle.responseCode
      if [301, 302, 303, 307, 308].contains(status) {
        guard let next = handle.redirectURL else { throw FetchError(.redirect, "\(current): redirect without a location") }
        scheme = try Self.checkedScheme(next, initial: false)
        current = next
        continue
      }
      if status == 304 {
        return HTTPResponse(status: 304, body: Data(), etag: sink.headers["etag"] ?? etag, lastModified: sink.headers["last-modified"] ?? lastModified, url: current)
      }
      guard (200..<300).contains(status) else {
        throw FetchError(.httpStatus, "\(current): HTTP \(status)", transient: status >= 500 || status == 429 || status == 408)
      }
      return HTTPResponse(status: status, body: sink.body, etag: sink.headers["etag"], lastModified: sink.headers["last-modified"], url: current)
    }
    throw FetchError(.redirect, "\(url): more than \(maxRedirects) redirects")
  }

  /// A handle for one request to `url` over `scheme` only: certificates verified, no redirect
  /// followed by libcurl (each hop is checked here), this client's timeouts and user agent.
  func handle(for url: String, scheme: String) throws(FetchError) -> CurlEasyHandle {
    let handle = try CurlEasyHandle()
    handle.set(CURLOPT_URL, url)
    handle.set(CURLOPT_PROTOCOLS_STR, scheme)
    handle.set(CURLOPT_FOLLOWLOCATION, 0)
    handle.set(CURLOPT_SSL_VERIFYPEER, 1)
    handle.set(CURLOPT_SSL_VERIFYHOST, 2)
    handle.set(CURLOPT_NOSIGNAL, 1)
    handle.set(CURLOPT_CONNECTTIMEOUT, connectTimeout)
    handle.set(CURLOPT_TIMEOUT, totalTimeout)
    handle.set(CURLOPT_USERAGENT, userAgent)
    return handle
  }

  /// The scheme a URL may use: https anywhere, http only to loopback, file only as the starting URL.
  static func checkedScheme(_ url: String, initial: Bool) throws(FetchError) -> String {
    guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
      throw FetchError(.invalidURL, "'\(url)' is not a URL")
    }
    switch scheme {
    case "https":
      return "https"
    case "http":
      let host = (parsed.host ?? "").lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
      guard ["127.0.0.1", "localhost", "::1"].contains(host) else {
        throw FetchError(.insecureURL, "\(url): plain http is allowed only to this machine (loopback); use https")
      }
      return "http"
    case "file" where initial:
      return "file"
    default:
      throw FetchError(initial ? .insecureURL : .redirect, "\(url): \(initial ? "scheme '\(scheme)' is not allowed (https, http on loopback, or file)" : "a redirect may not leave https")")
    }
  }

  static func error(for code: CURLcode, sink: ResponseSink, detail: String, url: String, limit: Int) -> FetchError {
    let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    switch code {
    case CURLE_WRITE_ERROR where sink.exceeded, CURLE_FILESIZE_EXCEEDED:
      return FetchError(.tooLarge, "\(url): body larger than the \(limit)-byte limit")
    case CURLE_OPERATION_TIMEDOUT:
      if reason.lowercased().contains("too slow") {
        return FetchError(.stalled, "\(url): transfer stalled (\(reason))", transient: true)
      }
      return FetchError(.timeout, "\(url): timed out (\(reason))", transient: true)
    case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
      CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
      return FetchError(.network, "\(url): \(reason)", transient: true)
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
      return FetchError(.tls, "\(url): TLS failure (\(reason)); certificates are always verified")
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FetchError(.redirect, "\(url): protocol not allowed (\(reason))")
    case CURLE_FILE_COULDNT_READ_FILE:
      return FetchError(.network, "\(url): \(reason)")
    default:
      return FetchError(.network, "\(url): \(reason)")
    }
  }
}
