import ArgumentParser

/// The output format every command offers: text for people, JSON for machines.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case text, json
}
