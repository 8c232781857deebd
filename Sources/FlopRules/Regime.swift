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
    /// Enacted on paper but never binding: compliance was suspended before it was due (BIS AI diffusion rule).
    case neverEnforced = "never-enforced"
    /// Reported passed or signed, but the enactment or the exact wording could not be confirmed
    /// in a primary text: evaluated, and every result says so.
    case unconfirmed

    /// Whether rules of a regime in this status can be in force on some date.
    ///
    /// Revoked, rescinded and superseded instruments were law between their dates, so their
    /// rules stay checkable for audits with `--as-of`; vetoed, proposed and never-enforced ones never were.
    public var canBeInForce: Bool {
      switch self {
      case .inForce, .enacted, .guidance, .revoked, .rescinded, .superseded, .unconfirmed: return true
      case .proposed, .vetoed, .neverEnforced: return false
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
