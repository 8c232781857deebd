import Foundation

/// A completed HTTP (or file) response.
public struct HTTPResponse: Sendable {
  public var status: Int
  public var body: Data
  public var etag: String?
  public var lastModified: String?
  /// The URL finally fetched, after redirects.
  public var url: String
  /// Response headers, names in lower case (the last value of a repeated header).
  public var headers: [String: String] = [:]

  /// True for 304 Not Modified.
  public var notModified: Bool { status == 304 }
}
