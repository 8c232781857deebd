/// A value shown among an estimate's inputs: a number or a text.
public enum InputValue: Sendable, Hashable, Codable, CustomStringConvertible {
  case number(Double)
  case text(String)

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Double.self) {
      self = .number(number)
    } else {
      self = .text(try container.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let value): try container.encode(value)
    case .text(let value): try container.encode(value)
    }
  }

  public var description: String {
    switch self {
    case .number(let value): return formatNumber(value)
    case .text(let value): return value
    }
  }
}
