import Foundation

extension AlertSettings {
  /// Reads the `alerts:` section of the configuration file (`ConfigFile` reads the file). Errors
  /// name the file, line and field.
  ///
  ///     alerts:
  ///       due_days: [7, 2]
  ///       webhooks:
  ///         - name: compliance
  ///           url: https://alerts.example.com/flopwatch
  ///           format: json            # or slack
  ///           secret_env: FLOPWATCH_ALERT_SECRET   # or secret: …
  ///           events: [rule-met, obligation-due, obligation-overdue]   # default: all
  public init(section: YAMLValue, environment: [String: String]) throws(FlopFilesError) {
    let alerts = try section.mapping(allowed: [
      "webhooks", "due_days", "expiry_days", "scan_seconds", "verify_hours", "attempts", "first_retry_seconds", "max_retry_seconds",
      "timeout_seconds",
    ])
    var settings = AlertSettings()
    if let days = alerts["due_days"] {
      settings.dueDays = try days.sequence().map { value throws(FlopFilesError) -> Int in
        let day = try value.integer()
        guard day >= 0, day <= 365 else { throw value.error("must be 0–365 days") }
        return day
      }
    }
    func bounded(_ key: String, _ range: ClosedRange<Double>) throws(FlopFilesError) -> Double? {
      guard let value = alerts[key] else { return nil }
      guard let text = value.scalarText, let number = Double(text), range.contains(number) else {
        throw value.error("must be a number from \(range.lowerBound) to \(range.upperBound), not \(value.kindName)")
      }
      return number
    }
    if let value = try bounded("expiry_days", 0...365) { settings.expiryDays = Int(value) }
    if let value = try bounded("scan_seconds", 0.1...86_400) { settings.scanSeconds = value }
    if let value = try bounded("verify_hours", 0...8_760) { settings.verifyHours = value }
    if let value = try bounded("attempts", 1...100) { settings.attempts = Int(value) }
    if let value = try bounded("first_retry_seconds", 0...86_400) { settings.firstRetrySeconds = value }
    if let value = try bounded("max_retry_seconds", 0...604_800) { settings.maxRetrySeconds = value }
    if let value = try bounded("timeout_seconds", 1...300) { settings.timeoutSeconds = Int(value) }
    var names = Set<String>()
    for item in try alerts["webhooks"]?.sequence() ?? [] {
      let hook = try item.mapping(allowed: ["name", "url", "format", "secret", "secret_env", "events"])
      let name = try hook.required("name").string()
      guard names.insert(name).inserted else { throw item.error("a second webhook named '\(name)' (names must differ)") }
      let urlValue = try hook.required("url")
      let url = try urlValue.string()
      guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
        throw urlValue.error("'\(url)' is not an http(s) URL")
      }
      // As for threshold channels: plain http only to this machine (alerts carry run names and dates).
      if parsed.scheme?.lowercased() == "http", !["127.0.0.1", "localhost", "::1", "[::1]"].contains(parsed.host?.lowercased() ?? "") {
        throw urlValue.error("'\(url)': plain http is allowed only to this machine (loopback); use https")
      }
      var format = Webhook.Format.json
      if let value = hook["format"] {
        let text = try value.string()
        guard let known = Webhook.Format(rawValue: text) else { throw value.error("unknown format '\(text)' (expected json or slack)") }
        format = known
      }
      let secret: String
      switch (try hook.string("secret"), hook["secret_env"]) {
      case (let value?, nil): secret = value
      case (nil, let variable?):
        let name = try variable.string()
        guard let value = environment[name], !value.isEmpty else { throw variable.error("the environment variable \(name) is not set") }
        secret = value
      default: throw hook.owner.error("give secret or secret_env (the HMAC-SHA256 key receivers check signatures with), one of them")
      }
      guard secret.utf8.count >= 16 else { throw hook.owner.error("the secret must be at least 16 bytes") }
      var events = Set(Kind.allCases)
      if let list = hook["events"] {
        events = []
        for value in try list.sequence() {
          let text = try value.string()
          guard let kind = Kind(rawValue: text) else {
            throw value.error("unknown event '\(text)' (expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
          }
          events.insert(kind)
        }
      }
      settings.webhooks.append(Webhook(name: name, url: url, format: format, secret: secret, events: events))
    }
    self = settings
  }
}
