/// One value bound to, or read from, a statement: the four storage classes both backends share.
///
/// Timestamps and days are text (ISO 8601) in both, because the audit chain hashes their exact
/// text; booleans are integers 0/1, as SQLite keeps them.
public enum SQLValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
}

/// A Swift value that can be bound to a statement's `?`.
public protocol SQLBindable {
  var sqlValue: SQLValue { get }
}

extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }

extension Array where Element == (any SQLBindable)? {
  var sqlValues: [SQLValue] { map { $0?.sqlValue ?? .null } }
}

/// A Swift value a column is read as. A NULL read as a non-optional type gives its zero value
/// (never a trap: a damaged row is reported by `verify`, not by a crash).
public protocol SQLColumnValue {
  init(sql value: SQLValue)
}

extension String: SQLColumnValue {
  public init(sql value: SQLValue) {
    switch value {
    case .text(let text): self = text
    case .integer(let number): self = String(number)
    case .real(let number): self = String(number)
    case .null: self = ""
    }
  }
}

extension Int64: SQLColumnValue {
  public init(sql value: SQLValue) {
    switch value {
    case .integer(let number): self = number
    case .real(let number): self = number.isFinite && abs(number) < 9.2e18 ? Int64(number) : 0
    case .text(let text): self = Int64(text) ?? 0
    case .null: self = 0
    }
  }
}

extension Int: SQLColumnValue {
  public init(sql value: SQLValue) { self = Int(Int64(sql: value)) }
}

extension Double: SQLColumnValue {
  public init(sql value: SQLValue) {
    switch value {
    case .real(let number): self = number
    case .integer(let number): self = Double(number)
    case .text(let text): self = Double(text) ?? 0
    case .null: self = 0
    }
  }
}

extension Bool: SQLColumnValue {
  public init(sql value: SQLValue) { self = Int64(sql: value) != 0 }
}

extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
  public init(sql value: SQLValue) {
    if case .null = value { self = nil } else { self = Wrapped(sql: value) }
  }
}

extension SQLValue: SQLColumnValue {
  public init(sql value: SQLValue) { self = value }
}
