import CCurl
import Foundation

/// Collects a response body and headers during a transfer, enforcing a size limit as data arrives.
final class ResponseSink {
  var body = Data()
  var headers: [String: String] = [:]
  let limit: Int
  var exceeded = false

  init(limit: Int) { self.limit = limit }
}

/// One libcurl easy handle: one request, never shared between threads.
final class CurlEasyHandle {
  let handle: UnsafeMutableRawPointer
  private var headerList: UnsafeMutablePointer<curl_slist>?
  private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

  init() throws(FetchError) {
    guard LibcurlGlobal.initialised, let handle = curl_easy_init() else {
      throw FetchError(.configuration, "libcurl could not be initialised")
    }
    self.handle = handle
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
  }

  deinit {
    curl_slist_free_all(headerList)
    curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  func set(_ option: CURLoption, _ value: Int) { _ = flopwatch_curl_setopt_long(handle, option, value) }
  func set(_ option: CURLoption, _ value: String) { _ = flopwatch_curl_setopt_string(handle, option, value) }

  func addHeader(_ line: String) {
    headerList = curl_slist_append(headerList, line)
  }

  var errorMessage: String { String(cString: errorBuffer) }

  /// Performs the transfer into `sink`; returns libcurl's result code.
  func perform(into sink: ResponseSink) -> CURLcode {
    _ = flopwatch_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    if let headerList { _ = flopwatch_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
    let context = Unmanaged.passUnretained(sink).toOpaque()
    _ = flopwatch_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, curlWrite)
    _ = flopwatch_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
    _ = flopwatch_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader)
    _ = flopwatch_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
    return withExtendedLifetime(sink) { curl_easy_perform(handle) }
  }

  var responseCode: Int {
    var code = 0
    _ = flopwatch_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
    return code
  }

  var redirectURL: String? {
    var pointer: UnsafeMutablePointer<CChar>?
    guard flopwatch_curl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer else { return nil }
    return String(cString: pointer)
  }
}

/// Appends data to the sink, refusing (and so aborting the transfer) past the limit.
private let curlWrite: flopwatch_curl_data_callback = { data, size, count, context in
  guard let data, let context else { return 0 }
  let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
  let length = size * count
  if sink.body.count + length > sink.limit {
    sink.exceeded = true
    return 0
  }
  sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
  return length
}

/// Records response headers (names lower-cased); a new status line starts a new set.
private let curlHeader: flopwatch_curl_data_callback = { data, size, count, context in
  guard let data, let context else { return 0 }
  let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
  let length = size * count
  let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
  if line.hasPrefix("HTTP/") { sink.headers = [:] }
  if let colon = line.firstIndex(of: ":") {
    let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
    sink.headers[name] = value
  }
  return length
}
