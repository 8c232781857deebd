import CCurl

/// libcurl's process-wide initialisation, done once before the first handle.
enum LibcurlGlobal {
  /// curl_global_init is not thread-safe; a lazy static runs it exactly once.
  static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

  /// The libcurl version string, for the user agent.
  static let version: String = {
    // curl_version() reads "libcurl/7.88.1 OpenSSL/3.0.15 …"; keep the libcurl part.
    guard let text = curl_version() else { return "unknown" }
    let full = String(cString: text)
    return full.split(separator: " ").first.map { String($0.dropFirst("libcurl/".count)) } ?? full
  }()
}
