/// What a token may do. Each role includes the ones before it: a viewer reads; a submitter also
/// registers runs and reports progress; compliance also marks obligations done and changes
/// statuses; an admin also manages tokens.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
  case viewer, submitter, compliance, admin

  var rank: Int { Role.allCases.firstIndex(of: self)! }

  public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

  /// Reads a role name, naming the choices when it is not one.
  public init(naming text: String, field: String) throws(FlopServerError) {
    guard let role = Role(rawValue: text) else {
      throw FlopServerError("\(field): unknown role '\(text)' (expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    self = role
  }
}
