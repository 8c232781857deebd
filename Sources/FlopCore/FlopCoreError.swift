/// An error from the FLOP-accounting core: an input that cannot produce an estimate.
///
/// Each case names the field at fault and the value, so the command line can print one
/// line a user can act on.
public enum FlopCoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A number that could not be read (garbage, NaN, infinity, negative, zero where meaningless).
  case invalidNumber(field: String, value: String, expected: String)
  /// An accelerator that is not in the catalogue.
  case unknownAccelerator(field: String, value: String, known: [String])
  /// A precision the accelerator has no published dense peak for.
  case unsupportedPrecision(accelerator: String, precision: String, available: [String])
  /// Not enough inputs for any estimation method.
  case insufficientInputs(stage: String, missing: String)
  /// Inputs whose product overflows: a figure that is not a finite number of FLOP (or hours, joules, dollars).
  case nonFinite(field: String, figure: String, inputs: String)

  /// The field or flag the error is about, for locating it in a file.
  public var field: String {
    switch self {
    case .invalidNumber(let field, _, _): return field
    case .unknownAccelerator(let field, _, _): return field
    case .unsupportedPrecision: return ""
    case .insufficientInputs(let stage, _): return stage
    case .nonFinite(let field, _, _): return field
    }
  }

  public var description: String {
    switch self {
    case let .invalidNumber(field, value, expected):
      return "\(field): '\(shownInMessage(value))' is not a valid number (expected \(expected))"
    case let .unknownAccelerator(field, value, known):
      return "\(field): unknown accelerator '\(shownInMessage(value))' (known: \(known.joined(separator: ", ")))"
    case let .unsupportedPrecision(accelerator, precision, available):
      return "precision: \(accelerator) has no dense \(precision) peak in the catalogue "
        + "(available: \(available.joined(separator: ", ")))"
    case let .insufficientInputs(stage, missing):
      return "\(stage): cannot estimate compute: \(missing)"
    case let .nonFinite(field, figure, inputs):
      return "\(field): the \(figure) overflows (not a finite number); check \(inputs)"
    }
  }
}
