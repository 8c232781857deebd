import FlopCore
import FlopEngine
import FlopRules
import Foundation
import Hummingbird

extension WebPages {
  /// `/thresholds`: the regimes and rules in force on a day, the files' versions and hashes, and
  /// the update channel's state.
  func addThresholdsPage(to router: Router<ServerContext>) {
    router.get("/thresholds", use: page(.viewer) { request, _, viewer in
      let query = try API.query(request, allowed: ["on"])
      var day = CalendarDate.today()
      if let text = query["on"], !text.isEmpty {
        guard let parsed = CalendarDate(text) else { throw APIError(.badRequest, "on: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
        day = parsed
      }
      let channel = try? ChannelStatus.read(home: api.configuration.home)
      let body = thresholdsBody(on: day, channel: channel)
      return PageShell.response(PageShell.render(title: "Thresholds", body: body, identity: viewer.identity, csrf: viewer.csrf, active: "Thresholds"))
    })
  }

  func thresholdsBody(on day: CalendarDate, channel: ChannelStatus?) -> String {
    let e = PageShell.escape
    let set = api.configuration.thresholds
    var out = "<h1>Thresholds</h1>\n<form class=\"filters\" method=\"get\" action=\"/thresholds\"><label>In force on"
    out += "<input type=\"date\" name=\"on\" value=\"\(day.description)\"></label><button type=\"submit\">Show</button></form>\n"
    out += "<p>Threshold set <strong>\(e(set.label))</strong>, fingerprint <code>\(e(String(set.fingerprint.prefix(16))))…</code>; "
      + "catalogue \(e(api.configuration.catalogue.provenance.summary)). The server read these when it started.</p>\n"
    out += "<table id=\"regimes\"><thead><tr><th>Regime</th><th>Status</th><th>Version</th><th>File · SHA-256</th><th>Rules in force on \(day.description)</th></tr></thead><tbody>\n"
    for loaded in set.regimes {
      let regime = loaded.regime
      let inForce = regime.status.canBeInForce ? regime.rules.filter { $0.isEffective(on: day) } : []
      out += "<tr><td><strong>\(e(regime.id))</strong><br><small>\(e(regime.title)) · \(e(regime.jurisdiction))</small></td>"
      out += "<td>\(PageShell.badge(regime.status.rawValue))</td><td>\(e(regime.version))</td>"
      out += "<td><small>\(e(loaded.provenance.file))<br><code>\(e(loaded.provenance.sha256))</code></small></td><td>"
      out += inForce.isEmpty ? "<span class=\"muted\">none</span>" : inForce.map { rule in
        "\(e(rule.id)) <small>(from \(rule.effectiveFrom?.description ?? "—"))</small>"
      }.joined(separator: "<br>")
      out += "</td></tr>\n"
    }
    out += "</tbody></table>\n<h2>Update channel</h2>\n"
    guard let channel else { return out + "<p class=\"muted\">No channel state could be read.</p>\n" }
    out += "<dl class=\"facts\" id=\"channel\"><dt>In use</dt><dd>\(e(channel.inUse))</dd>"
    out += "<dt>Installed version</dt><dd>\(channel.installedVersion.map(String.init) ?? "none (the shipped set)")</dd>"
    out += "<dt>Channel</dt><dd>\(e(channel.channel ?? "none configured"))</dd>"
    out += "<dt>Published</dt><dd>\(e(channel.published ?? "—"))</dd>"
    out += "<dt>Expires</dt><dd>\(e(channel.expires ?? "—"))\(channel.expired ? " " + PageShell.badge("overdue") + " expired" : "")</dd>"
    out += "<dt>Last check</dt><dd>\(e(channel.lastCheck ?? "never"))\(channel.lastResult.map { " — \(e($0))" } ?? "")</dd>"
    out += "<dt>Kept versions</dt><dd>\(channel.keptVersions.map(String.init).joined(separator: ", "))</dd></dl>\n"
    return out
  }
}
