import FlopCore
import FlopEngine
import FlopRegistry
import Foundation
import Hummingbird

extension WebPages {
  static let pageSize = 50
  static let runsQuery = ["status", "rule", "rule_status", "q", "developer", "since", "until", "min_flop", "sort", "desc", "page"]
  /// Strongest first: the status a regime column shows is its rules' strongest.
  static let strength = ["met", "may-be-met", "insufficient-data", "not-met", "not-in-force"]

  /// `/`: every run, filtered, sorted and paged (a page is one indexed query and one for the
  /// page's next due obligations, so it stays fast at a million runs).
  func addRunsPage(to router: Router<ServerContext>) {
    router.get("/", use: page(.viewer) { request, _, viewer in
      let query = try API.query(request, allowed: WebPages.runsQuery)
      var fields: [String: String] = [:]
      for key in ["status", "developer", "since", "until", "min_flop", "sort", "desc"] where !(query[key] ?? "").isEmpty { fields[key] = query[key] }
      if let q = query["q"], !q.isEmpty { fields["search"] = q }
      if let rule = query["rule"], !rule.isEmpty { fields["rule"] = "\(rule)=\((query["rule_status"] ?? "").isEmpty ? "met" : query["rule_status"]!)" }
      let page = try query["page"].map { text -> Int in
        guard let number = Int(text), number >= 1, number <= 1_000_000 else { throw APIError(.badRequest, "page: '\(text)' is not a page number") }
        return number
      } ?? 1
      var filter = try RunFilter(query: fields) { $0 == "search" ? "q" : $0 }
      filter.limit = WebPages.pageSize + 1
      filter.offset = (page - 1) * WebPages.pageSize
      let finalFilter = filter
      let (runs, next) = try await api.pool.run { registry -> ([RunSummary], [String: StoredObligation]) in
        let runs = try registry.list(finalFilter)
        return (runs, try registry.nextDue(runIDs: runs.prefix(WebPages.pageSize).map(\.id)))
      }
      let body = runsBody(query: query, runs: Array(runs.prefix(WebPages.pageSize)), next: next, page: page, more: runs.count > WebPages.pageSize)
      return PageShell.response(PageShell.render(title: "Runs", body: body, identity: viewer.identity, csrf: viewer.csrf, active: "Runs"))
    })
  }

  func runsBody(query: [String: String], runs: [RunSummary], next: [String: StoredObligation], page: Int, more: Bool) -> String {
    // A column for each regime that says something about a run on this page (not every regime
    // that is not in force for any of them).
    let regimes = api.configuration.thresholds.regimes.map(\.regime).filter { regime in
      runs.contains { run in run.statuses.contains { $0.key.hasPrefix(regime.id + "/") && $0.value != "not-in-force" } }
    }
    let today = CalendarDate.today().description
    var out = "<h1>Runs</h1>\n" + filterForm(query: query)
    out += "<table id=\"runs\">\n<thead><tr>"
    out += sortHeader("Run", "id", query) + "<th>Status</th>" + sortHeader("Developer", "developer", query, sortable: false)
      + sortHeader("Compute (FLOP) [90%]", "flop", query) + sortHeader("Start", "start", query)
    for regime in regimes { out += "<th title=\"\(PageShell.escape(regime.title))\">\(PageShell.escape(regime.id))</th>" }
    out += "<th>Next due</th></tr></thead>\n<tbody>\n"
    for run in runs {
      out += "<tr><td><a href=\"\(PageShell.runLink(run.id))\">\(PageShell.escape(run.id))</a>"
      if let name = run.name, name != run.id { out += "<br><small>\(PageShell.escape(name))</small>" }
      out += "</td><td>\(PageShell.badge(run.status))</td><td>\(PageShell.escape(run.developer ?? ""))</td>"
      out += "<td class=\"num\">\(WebPages.flop(run.cumulativeFlop))</td><td class=\"date\">\(PageShell.escape(run.startDate ?? ""))</td>"
      for regime in regimes {
        let statuses = run.statuses.filter { $0.key.hasPrefix(regime.id + "/") }.map(\.value)
        let strongest = WebPages.strength.first { statuses.contains($0) }
        out += "<td>\(strongest.map(PageShell.badge) ?? "")</td>"
      }
      if let due = next[run.id], let day = due.due {
        let state = day < today ? "overdue" : "open"
        out += "<td class=\"date\">\(PageShell.badge(state)) \(PageShell.escape(day))<br><small>\(PageShell.escape(due.title))</small></td>"
      } else {
        out += "<td></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody></table>\n"
    if runs.isEmpty { out += "<p class=\"muted\" id=\"no-runs\">No run matches these filters.</p>\n" }
    out += "<div class=\"pager\">"
    if page > 1 { out += "<a rel=\"prev\" href=\"/\(pageQuery(query, page - 1))\">← Previous</a>" }
    out += "<span>Page \(page) · runs \((page - 1) * WebPages.pageSize + (runs.isEmpty ? 0 : 1))–\((page - 1) * WebPages.pageSize + runs.count)</span>"
    if more { out += "<a rel=\"next\" href=\"/\(pageQuery(query, page + 1))\">Next →</a>" }
    return out + "</div>\n"
  }

  func filterForm(query: [String: String]) -> String {
    func text(_ name: String, _ label: String, type: String = "text", size: Int = 14) -> String {
      "<label>\(label)<input type=\"\(type)\" name=\"\(name)\" size=\"\(size)\" value=\"\(PageShell.escape(query[name] ?? ""))\"></label>"
    }
    func select(_ name: String, _ label: String, _ options: [String]) -> String {
      var out = "<label>\(label)<select name=\"\(name)\"><option value=\"\">any</option>"
      for option in options {
        out += "<option value=\"\(PageShell.escape(option))\"\(query[name] == option ? " selected" : "")>\(PageShell.escape(option))</option>"
      }
      return out + "</select></label>"
    }
    let rules = api.configuration.thresholds.regimes.flatMap { loaded in loaded.regime.rules.map { "\(loaded.regime.id)/\($0.id)" } }
    return "<form class=\"filters\" method=\"get\" action=\"/\">"
      + text("q", "Text", size: 16) + select("status", "Status", Run.Status.allCases.map(\.rawValue))
      + select("rule", "Rule", rules) + select("rule_status", "Rule status", WebPages.strength)
      + text("developer", "Developer", size: 12) + text("min_flop", "Min FLOP", size: 7)
      + text("since", "Start from", type: "date") + text("until", "Start until", type: "date")
      + select("sort", "Sort", RunFilter.Sort.allCases.map(\.rawValue)) + select("desc", "Order", ["true", "false"])
      + "<button type=\"submit\" id=\"apply\">Apply</button> <a href=\"/\">Clear</a></form>\n"
  }

  func sortHeader(_ label: String, _ key: String, _ query: [String: String], sortable: Bool = true) -> String {
    guard sortable else { return "<th>\(label)</th>" }
    var next = query
    let descending = query["sort"] == key && query["desc"] != "true"
    next["sort"] = key
    next["desc"] = descending ? "true" : nil
    next["page"] = nil
    let mark = query["sort"] == key ? (query["desc"] == "true" ? " ↓" : " ↑") : ""
    return "<th><a href=\"/\(PageShell.query(WebPages.runsQuery.map { ($0, next[$0]) }))\">\(label)\(mark)</a></th>"
  }

  func pageQuery(_ query: [String: String], _ page: Int) -> String {
    var next = query
    next["page"] = page == 1 ? nil : String(page)
    return PageShell.query(WebPages.runsQuery.map { ($0, next[$0]) })
  }
}
