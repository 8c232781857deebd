import FlopEngine
import FlopFiles
import Foundation
import FlopRules
import FlopRegistry

/// How `flopwatch serve` runs: where the registry is, where to listen, limits, and the
/// threshold files and catalogue every assessment uses.
public struct ServerConfiguration: Sendable {
  public var location: RegistryLocation
  public var host: String = "127.0.0.1"
  /// 0 picks a free port (the bound one is reported once listening).
  public var port: Int = 8517
  /// Registry handles (PostgreSQL connections); SQLite uses one.
  public var connections: Int = 8
  /// The largest request body accepted, except imports.
  public var maxBodyBytes: Int = 1 << 20
  /// The largest import (JSON Lines), spooled to a temporary file as it arrives.
  public var maxImportBytes: Int = 1 << 30
  /// A body must arrive within this many seconds, however slowly it trickles.
  public var bodySeconds: Int64 = 30
  /// A connection with nothing to read or write for this long is closed.
  public var idleSeconds: Int64 = 60
  /// PEM files for HTTPS; both or neither.
  public var tlsCertificate: String?
  public var tlsKey: String?
  public var thresholds: ThresholdSet
  public var catalogue: LoadedCatalogue
  /// The FlopWatch home whose threshold channel `GET /thresholds` reports (default
  /// `$FLOPWATCH_HOME`, else `~/.flopwatch`).
  public var home: String?
  /// The FlopWatch version reports made by the server name in their provenance.
  public var version = "unknown"
  /// Alerts (webhooks, due-date windows); nil sends none.
  public var alerts: AlertSettings?
  /// The alert scheduler's clock (tests move it instead of waiting).
  public var clock: @Sendable () -> Date = { Date() }
  /// The threshold channel's state for alerts; nil reads `home`'s (tests give their own).
  public var channelStatus: (@Sendable () -> ChannelStatus?)?

  public init(location: RegistryLocation, thresholds: ThresholdSet, catalogue: LoadedCatalogue) {
    self.location = location
    self.thresholds = thresholds
    self.catalogue = catalogue
  }
}
