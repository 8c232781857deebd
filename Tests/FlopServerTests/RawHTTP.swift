import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// A hand-made HTTP exchange over a loopback socket, for requests a client library would not
/// send (a body that stops part-way).
enum RawHTTP {
  /// Sends `request` as given and reads what comes back until the server closes or `readSeconds` pass.
  static func exchange(port: Int, _ request: String, readSeconds: Int) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw LiveServerError(message: "socket: \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw LiveServerError(message: "connect: \(errno)") }
    var timeout = timeval(tv_sec: readSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let bytes = Array(request.utf8)
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      guard count > 0 else { break }
      received += buffer[0..<count]
      if let text = String(bytes: received, encoding: .utf8), text.contains("\r\n\r\n"), text.contains("}\n") { break }
    }
    return String(decoding: received, as: UTF8.self)
  }
}
