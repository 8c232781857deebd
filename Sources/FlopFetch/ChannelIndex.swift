import Foundation

/// A channel's `index.json` (CONTRACT.md §5): a signed, versioned, expiring list of files.
public struct ChannelIndex: Codable, Sendable, Equatable {
  public struct File: Codable, Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var size: Int

    public init(path: String, sha256: String, size: Int) {
      self.path = path
      self.sha256 = sha256
      self.size = size
    }
  }

  public var version: Int
  /// ISO 8601 times.
  public var published: String
  public var expires: String
  public var files: [File]

  public init(version: Int, published: String, expires: String, files: [File]) {
    self.version = version
    self.published = published
    self.expires = expires
    self.files = files
  }

  /// The highest version a channel may reach: far beyond real use, so a client can never be
  /// pinned at `Int.max` (after which nothing newer could be installed).
  public static let maximumVersion = 1_000_000_000

  /// Parses and checks an index: positive version, valid times, flat safe file names, hex hashes.
  public static func parse(_ data: Data, maxFileBytes: Int) throws(FetchError) -> ChannelIndex {
    let index: ChannelIndex
    do { index = try JSONDecoder().decode(ChannelIndex.self, from: data) } catch {
      throw FetchError(.malformed, "index.json is not a valid channel index (\(Self.describe(error)))")
    }
    guard (1...maximumVersion).contains(index.version) else {
      throw FetchError(.malformed, "index.json: version must be 1 to \(maximumVersion), got \(index.version)")
    }
    guard index.publishedDate != nil, index.expiresDate != nil else {
      throw FetchError(.malformed, "index.json: published and expires must be ISO 8601 times")
    }
    guard !index.files.isEmpty else { throw FetchError(.malformed, "index.json lists no files") }
    var names = Set<String>()
    for file in index.files {
      guard isSafeName(file.path) else {
        throw FetchError(.malformed, "index.json: file path '\(file.path)' is not allowed (plain names ending .yaml, .yml or .json)")
      }
      guard names.insert(file.path).inserted else { throw FetchError(.malformed, "index.json lists '\(file.path)' twice") }
      guard file.sha256.count == 64, file.sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
        throw FetchError(.malformed, "index.json: '\(file.path)' has no valid sha256")
      }
      guard file.size >= 0, file.size <= maxFileBytes else {
        throw FetchError(.tooLarge, "index.json: '\(file.path)' declares \(file.size) bytes, over the \(maxFileBytes)-byte limit")
      }
    }
    return index
  }

  public var publishedDate: Date? { Self.date(published) }
  public var expiresDate: Date? { Self.date(expires) }

  static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

  /// Names without directories or dot-files: the client writes them into one directory.
  static func isSafeName(_ name: String) -> Bool {
    guard !name.isEmpty, name.count <= 128, !name.hasPrefix("."), name != "index.json",
      name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    else { return false }
    return name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
  }

  static func describe(_ error: any Error) -> String {
    if case DecodingError.keyNotFound(let key, _) = error { return "missing \(key.stringValue)" }
    if case DecodingError.typeMismatch(_, let context) = error { return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))" }
    return "not JSON"
  }

  /// Canonical bytes for publishing (pretty, sorted keys), which are then signed as they are.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }
}
