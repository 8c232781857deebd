import FlopCore

/// An error reading a file: names the file, the line when known, the field and the value.
public struct FlopFilesError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  /// The field path, such as `stages[0].hardware.count`; empty for whole-file errors.
  public var field: String
  public var message: String

  public init(file: String, line: Int?, field: String, message: String) {
    self.file = file
    self.line = line
    self.field = field
    self.message = message
  }

  public var description: String {
    let location = line.map { "\(file):\($0)" } ?? file
    return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
  }
}
