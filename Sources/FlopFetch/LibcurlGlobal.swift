import CCurl

/// libcurl's process-wide initialisation, done once before the first handle.
enum LibcurlGlobal {
  /// curl_global_init is not thread-safe; a lazy static runs it exactly once.
  static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

  /// The libcurl version ("8.1.2"), for the user agent.
  static let version: String = {
    // Any struct age carries `version`. curl_version_info hands back static data; curl_version() would format every linked
    // library's version (TLS, compression, IDN, SSH, …) on each launch.
    guard let info = curl_version_info(CURLVERSION_FIRST), let text = info.pointee.version else { return "unknown" }
    return String(cString: text)
  }()
}
