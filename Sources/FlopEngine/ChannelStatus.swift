import FlopFetch
import Foundation

/// The threshold channel's state in a FlopWatch home: the set in use, the installed version,
/// its publication and expiry, and the last check. What `thresholds status` and the server's
/// `GET /thresholds` report.
public struct ChannelStatus: Codable, Sendable {
  public var inUse: String
  public var installedVersion: Int?
  public var trustedVersion: Int
  public var channel: String?
  public var published: String?
  public var expires: String?
  public var expired: Bool
  public var lastCheck: String?
  public var lastResult: String?
  public var keptVersions: [Int]

  /// Reads the state under `home` (default `$FLOPWATCH_HOME`, else `~/.flopwatch`).
  public static func read(home: String? = nil, now: Date = Date()) throws -> ChannelStatus {
    let store = ThresholdStore(home: home ?? ThresholdStore.defaultHome())
    let state = store.loadState()
    let dates = store.installedDates
    let expired = dates.expires.flatMap { try? Date($0, strategy: .iso8601) }.map { $0 < now } ?? false
    return ChannelStatus(
      inUse: try InputLocator(home: store.home).defaultDirectory().label, installedVersion: store.installedVersion,
      trustedVersion: state.trustedVersion, channel: state.channel, published: dates.published, expires: dates.expires,
      expired: expired && store.installedVersion != nil, lastCheck: state.lastCheck, lastResult: state.lastResult,
      keptVersions: store.availableVersions)
  }
}
