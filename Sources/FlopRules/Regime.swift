/// A legal or policy regime: one threshold file.
public struct Regime: Sendable, Hashable, Codable {
  /// Where the instrument stands.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    case inForce = "in-force"
    case enacted
    case guidance
    case proposed
    case vetoed
    case revoked
    case rescinded
    case superseded

    /// Whether rules of a regime in this status can be in force on some date.
    ///
    /// Revoked, rescinded and superseded instruments were law between their dates, so their
    /// rules stay checkable for audits with `--as-of`; vetoed and proposed ones never were.
    public var canBeInForce: Bool {
      switch self {
      case .inForce, .enacted, .guidance, .revoked, .rescinded, .superseded: return true
      case .proposed, .vetoed: return false
      }
    }
  }

  public static let formatVersion = 1

  public var id: String
  public var title: String
  public var jurisdiction: String
  public var instrument: String
  public var version: String
  public var status: Status
  public var sources: [String]
  public var notes: [String]
  public var rules: [Rule]

  public init(
    id: String, title: String, jurisdiction: String, instrument: String, version: String, status: Status,
    sources: [String], notes: [String] = [], rules: [Rule]
  ) {
    self.id = id
    self.title = title
    self.jurisdiction = jurisdiction
    self.instrument = instrument
    self.version = version
    self.status = status
    self.sources = sources
    self.notes = notes
    self.rules = rules
  }
}
