import FlopCore
import FlopEngine
import FlopRegistry
import FlopReports
import Foundation
import Hummingbird

extension WebPages {
  /// `/obligations`: overdue and upcoming obligations across all runs, as a timeline and a list.
  func addObligationsPage(to router: Router<ServerContext>) {
    router.get("/obligations", use: page(.viewer) { request, _, viewer in
      let query = try API.query(request, allowed: ["within", "all"])
      let within = try query["within"].flatMap { $0.isEmpty ? nil : $0 }.map { text -> Int in
        guard let days = Int(text), days >= 0, days <= 36_500 else { throw APIError(.badRequest, "within: '\(text)' is not a number of days") }
        return days
      }
      let includeClosed = query["all"] == "true"
      let today = CalendarDate.today()
      let dueBefore = within.map { today.adding(days: $0 + 1).description }
      let obligations = try await api.pool.run { try $0.obligations(dueBefore: dueBefore, includeClosed: includeClosed) }
      let body = obligationsBody(obligations, today: today, within: within, includeClosed: includeClosed)
      return PageShell.response(PageShell.render(title: "Obligations", body: body, identity: viewer.identity, csrf: viewer.csrf, active: "Obligations"))
    })
  }

  func obligationsBody(_ obligations: [StoredObligation], today: CalendarDate, within: Int?, includeClosed: Bool) -> String {
    let e = PageShell.escape
    let day = today.description
    func state(_ obligation: StoredObligation) -> String {
      obligation.status == "open" && (obligation.due.map { $0 < day } ?? false) ? "overdue" : obligation.status
    }
    let overdue = obligations.filter { state($0) == "overdue" }
    var out = "<h1>Obligations</h1>\n<form class=\"filters\" method=\"get\" action=\"/obligations\">"
    out += "<label>Due within (days)<input type=\"number\" name=\"within\" min=\"0\" value=\"\(within.map(String.init) ?? "")\"></label>"
    out += "<label>Include done<select name=\"all\"><option value=\"\">no</option><option value=\"true\"\(includeClosed ? " selected" : "")>yes</option></select></label>"
    out += "<button type=\"submit\">Show</button></form>\n"
    out += "<p><strong>\(overdue.count)</strong> overdue, <strong>\(obligations.filter { $0.status == "open" }.count - overdue.count)</strong> open (as of \(day), UTC).</p>\n"
    // The timeline shows the 500 soonest; the table lists every one.
    let events = obligations.prefix(500).compactMap { obligation in
      obligation.due.map { ReportDocument.Event(date: $0, label: "\(obligation.runID): \(obligation.title)", state: state(obligation)) }
    }
    out += "<figure id=\"timeline\">\(HTMLRenderer.svg(.timeline(title: "Due dates", events: Array(events), today: day)))</figure>\n"
    out += "<table id=\"obligations\"><thead><tr><th>Due</th><th>State</th><th>Run</th><th>Obligation</th><th>Basis</th></tr></thead><tbody>\n"
    // The soonest 2,000 (a page a person reads); GET /api/v1/obligations has them all.
    for obligation in obligations.prefix(2_000) {
      out += "<tr><td class=\"date\">\(e(obligation.due ?? "—"))</td><td>\(PageShell.badge(state(obligation)))</td>"
      out += "<td><a href=\"\(PageShell.runLink(obligation.runID))#obligations\">\(e(obligation.runID))</a></td>"
      out += "<td>\(e(obligation.title))<br><small>\(e(obligation.path))</small></td><td><small>\(e(obligation.basis))</small></td></tr>\n"
    }
    out += "</tbody></table>\n"
    if obligations.count > 2_000 {
      out += "<p class=\"muted\">The soonest 2,000 of \(obligations.count); narrow them with “due within”, or read them all from GET /api/v1/obligations.</p>\n"
    }
    if obligations.isEmpty { out += "<p class=\"muted\">No obligations.</p>\n" }
    return out
  }
}
