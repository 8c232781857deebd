/// A report laid out independently of its format: sections of fields, tables and charts.
///
/// Builders fill it; the Markdown and HTML renderers draw it. Placeholders (what the user must
/// write) are typed, so every format marks them the same way.
public struct ReportDocument: Sendable {
  /// One labelled value.
  public struct Field: Sendable {
    public var label: String
    public var value: String
    /// A value the user must supply; rendered as a clearly marked placeholder.
    public var placeholder: Bool
    public var note: String?

    public init(_ label: String, _ value: String, placeholder: Bool = false, note: String? = nil) {
      self.label = label
      self.value = value
      self.placeholder = placeholder
      self.note = note
    }
  }

  public struct Table: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public init(header: [String], rows: [[String]]) {
      self.header = header
      self.rows = rows
    }
  }

  /// A chart, drawn as inline SVG in HTML and as a table in Markdown.
  public enum Chart: Sendable {
    /// Compute intervals on a log scale against threshold lines.
    case intervals(title: String, bars: [IntervalBar], thresholds: [ThresholdLine])
    /// Compute by stage (and inherited base compute) as a stacked bar.
    case stacked(title: String, segments: [Segment])
    /// Obligations on a date axis.
    case timeline(title: String, events: [Event], today: String)
  }

  public struct IntervalBar: Sendable {
    public var label: String
    public var low: Double
    public var central: Double
    public var high: Double
    public init(label: String, low: Double, central: Double, high: Double) {
      self.label = label
      self.low = low
      self.central = central
      self.high = high
    }
  }

  public struct ThresholdLine: Sendable {
    public var label: String
    public var value: Double
    public init(label: String, value: Double) {
      self.label = label
      self.value = value
    }
  }

  public struct Segment: Sendable {
    public var label: String
    public var value: Double
    public var counted: Bool
    public init(label: String, value: Double, counted: Bool) {
      self.label = label
      self.value = value
      self.counted = counted
    }
  }

  public struct Event: Sendable {
    public var date: String
    public var label: String
    /// open, overdue, done or conditional.
    public var state: String
    public init(date: String, label: String, state: String) {
      self.date = date
      self.label = label
      self.state = state
    }
  }

  /// A link to a file written beside the report (the inventory's full tables).
  public struct Link: Sendable {
    public var label: String
    /// A relative file name that FlopWatch wrote, never text from a run file.
    public var href: String
    public init(label: String, href: String) {
      self.label = label
      self.href = href
    }
  }

  public struct Section: Sendable {
    public var title: String
    public var text: [String]
    /// A bulleted list (assumptions, notes).
    public var bullets: [String]
    public var fields: [Field]
    public var tables: [Table]
    public var charts: [Chart]
    public var links: [Link]
    public init(
      title: String, text: [String] = [], bullets: [String] = [], fields: [Field] = [], tables: [Table] = [], charts: [Chart] = [],
      links: [Link] = []
    ) {
      self.links = links
      self.title = title
      self.text = text
      self.bullets = bullets
      self.fields = fields
      self.tables = tables
      self.charts = charts
    }
  }

  public var title: String
  public var subtitle: String
  public var sections: [Section]

  public init(title: String, subtitle: String, sections: [Section]) {
    self.title = title
    self.subtitle = subtitle
    self.sections = sections
  }
}
