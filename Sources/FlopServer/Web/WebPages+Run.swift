import FlopCore
import FlopEngine
import FlopFiles
import FlopRegistry
import FlopReports
import FlopRules
import Foundation
import Hummingbird

extension WebPages {
  /// `/runs/{id}`: the estimate, rule statuses as of a day, the progress chart, lineage,
  /// obligations (marked done here by compliance), versions, the audit trail and the reports.
  func addRunPage(to router: Router<ServerContext>) {
    router.get("/runs/:id", use: page(.viewer) { request, context, viewer in
      let id = try context.parameters.require("id")
      let query = try API.query(request, allowed: ["as_of"])
      var assessor = api.current
      if let text = query["as_of"], !text.isEmpty {
        guard let day = CalendarDate(text) else { throw APIError(.badRequest, "as_of: '\(text)' is not a valid date (expected YYYY-MM-DD)") }
        assessor.asOf = day
      }
      let finalAssessor = assessor
      let page = try await api.pool.run { registry in
        let stored = try registry.show(id)
        let assessment = try registry.assess(try RunFileParser.parse(stored.document, file: "registry:\(id)"), with: finalAssessor)
        return RunPageData(
          stored: stored, assessment: assessment, lineage: try registry.lineage(id),
          // A forecast that cannot be made (a point before a start the document later moved) leaves
          // the chart out, not the page.
          progress: (try? registry.progressView(id, assessor: api.current)) ?? nil, audit: try registry.auditLog(runID: id))
      }
      let body = runBody(page, asOf: assessor.asOf, viewer: viewer)
      return PageShell.response(PageShell.render(title: id, body: body, identity: viewer.identity, csrf: viewer.csrf))
    })

    router.post("/runs/:id/obligations/:row/done", use: page(.compliance) { request, context, viewer in
      let id = try context.parameters.require("id"), row = try context.parameters.require("row")
      let form = try await form(request)
      try checkForm(form, viewer: viewer)
      let evidence = (form["evidence"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      guard !evidence.isEmpty else { throw APIError(.unprocessableContent, "evidence: required (what shows the obligation was met)") }
      guard Int64(row) != nil else { throw APIError(.badRequest, "obligation row '\(row)' is not a number") }
      let actor = viewer.identity.name
      _ = try await api.pool.run { try $0.completeObligation(runID: id, reference: row, evidence: evidence, actor: actor) }
      return PageShell.redirect(PageShell.runLink(id) + "#obligations")
    })

    router.get("/runs/:id/reports/:file", use: page(.viewer) { request, context, _ in
      let id = try context.parameters.require("id"), file = try context.parameters.require("file")
      _ = try API.query(request, allowed: [])
      let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
      guard parts.count == 2, let kind = ReportKind(rawValue: parts[0]), kind != .inventory, let format = ReportFormat(rawValue: parts[1]) else {
        throw APIError(.notFound, "no report '\(file)' (KIND.FORMAT: eu-notification, eu-model-documentation or transparency-report; md, html or json)")
      }
      let assessor = api.current
      let set = api.configuration.thresholds, catalogue = api.configuration.catalogue
      let input = try await api.pool.run { try $0.reportInput(id, assessor: assessor) }
      let provenance = ReportProvenance(
        flopwatchVersion: api.configuration.version, asOf: assessor.asOf.description, thresholdSet: set.label,
        thresholds: set.regimes.map(\.provenance) + [catalogue.provenance],
        method: "\(input.estimate.method.rawValue) estimate; statuses from the threshold files listed", generatedAt: nil, runFile: input.runFile)
      // The command line's default PUE (`report --pue`).
      guard let report = kind.build(input, provenance: provenance, pue: 1.2) else {
        throw APIError(.notFound, "the inventory covers the whole registry: `flopwatch report --kind inventory`")
      }
      let types: [ReportFormat: String] = [.html: "text/html", .md: "text/markdown", .json: "application/json"]
      var response = Response(
        status: .ok, headers: [.contentType: "\(types[format]!); charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: try ReportRenderer.render(report, format: format))))
      // A report's HTML has inline style of its own (it is a self-contained file); it runs no script.
      response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
      response.headers[.init("X-Content-Type-Options")!] = "nosniff"
      return response
    })
  }

  struct RunPageData: Sendable {
    var stored: StoredRun
    var assessment: RunAssessment
    var lineage: Lineage
    var progress: ProgressView?
    var audit: [AuditEntry]
  }

  func runBody(_ data: RunPageData, asOf: CalendarDate, viewer: Viewer) -> String {
    let e = PageShell.escape
    let summary = data.stored.summary, estimate = data.assessment.estimate, id = summary.id
    var out = "<h1>\(e(summary.name ?? id)) \(PageShell.badge(summary.status))</h1>\n"
    out += "<dl class=\"facts\"><dt>Run id</dt><dd>\(e(id))</dd><dt>Developer</dt><dd>\(e(summary.developer ?? "—"))</dd>"
    out += "<dt>Schedule</dt><dd>\(e(summary.startDate ?? "?")) to \(e(summary.endDate ?? "?"))</dd>"
    out += "<dt>Compute (this run)</dt><dd>\(WebPages.flop(estimate.flop)) FLOP, \(e(estimate.method.rawValue)) method</dd>"
    out += "<dt>Cumulative (with base)</dt><dd>\(WebPages.flop(estimate.cumulativeFLOP)) FLOP</dd>"
    out += "<dt>Version</dt><dd>\(summary.version), updated \(e(summary.updatedAt))</dd>"
    out += "<dt>Reports</dt><dd>"
    for kind in [ReportKind.euNotification, .euModelDocumentation, .transparencyReport] {
      out += "\(e(kind.rawValue)): " + [ReportFormat.html, .md, .json].map {
        "<a href=\"\(PageShell.runLink(id))/reports/\(kind.rawValue).\($0.rawValue)\">\($0.rawValue.uppercased())</a>"
      }.joined(separator: " ") + "<br>"
    }
    out += "</dd></dl>\n"

    out += "<h2 id=\"estimate\">Estimate</h2>\n<table><thead><tr><th>Method</th><th>FLOP [90%]</th><th>Formula</th></tr></thead><tbody>\n"
    for method in estimate.estimates {
      out += "<tr><td>\(e(method.method.rawValue))</td><td class=\"num\">\(WebPages.flop(method.flop))</td><td>\(e(method.formula))</td></tr>\n"
    }
    out += "</tbody></table>\n<table><thead><tr><th>Stage</th><th>Counted</th><th>FLOP [90%]</th><th>Why</th></tr></thead><tbody>\n"
    for stage in estimate.stages {
      out += "<tr><td>\(e(stage.kind.rawValue))\(stage.name.map { " <small>\(e($0))</small>" } ?? "")</td><td>\(stage.counted ? "yes" : "no")</td>"
      out += "<td class=\"num\">\(stage.flop.map(WebPages.flop) ?? "—")</td><td><small>\(e(stage.countingReason))</small></td></tr>\n"
    }
    out += "</tbody></table>\n"
    if !estimate.assumptions.isEmpty { out += "<details><summary>Assumptions</summary><ul>" + estimate.assumptions.map { "<li>\(e($0))</li>" }.joined() + "</ul></details>\n" }

    out += "<h2 id=\"rules\">Rule statuses</h2>\n<form method=\"get\" action=\"\(PageShell.runLink(id))\" class=\"filters\">"
    out += "<label>As of<input type=\"date\" name=\"as_of\" id=\"as_of\" value=\"\(asOf.description)\"></label><button type=\"submit\">Show</button></form>\n"
    out += "<table id=\"statuses\"><thead><tr><th>Regime / rule</th><th>Status</th><th>Threshold</th><th>Margin</th><th>Why</th></tr></thead><tbody>\n"
    for result in data.assessment.results {
      out += "<tr><td>\(e(result.regime))/\(e(result.rule))<br><small>\(e(result.title))</small></td><td>\(PageShell.badge(result.status.rawValue))</td>"
      out += "<td class=\"num\">\(result.threshold.map(formatFLOP) ?? "")</td><td class=\"num\">\(result.margin.map { String(format: "%.2g×", $0) } ?? "")</td>"
      out += "<td><small>\(e(result.reason))</small></td></tr>\n"
    }
    out += "</tbody></table>\n<p class=\"muted\">Threshold set \(e(api.configuration.thresholds.label)): "
      + api.configuration.thresholds.regimes.map { e($0.provenance.summary) }.joined(separator: "; ") + "</p>\n"

    out += "<h2 id=\"progress\">Progress</h2>\n" + progressChart(data, estimate: estimate)

    out += "<h2 id=\"lineage\">Lineage</h2>\n<ul class=\"tree\">"
    for ancestor in data.lineage.ancestors { out += "<li>\(lineageLabel(ancestor, current: id))<ul>" }
    out += lineageTree(data.lineage.tree, current: id)
    out += String(repeating: "</ul></li>", count: data.lineage.ancestors.count) + "</ul>\n"

    out += "<h2 id=\"obligations\">Obligations</h2>\n<table id=\"obligation-table\"><thead><tr><th>Obligation</th><th>Due</th><th>Status</th><th>Evidence</th></tr></thead><tbody>\n"
    let today = CalendarDate.today().description
    for obligation in data.stored.obligations {
      let overdue = obligation.status == "open" && (obligation.due.map { $0 < today } ?? false)
      out += "<tr id=\"obligation-\(obligation.row)\"><td>\(e(obligation.title))<br><small>\(e(obligation.path))\(obligation.citation.map { " · \(e($0))" } ?? "")</small></td>"
      out += "<td class=\"date\">\(e(obligation.due ?? "—"))<br><small>\(e(obligation.basis))</small></td><td>\(PageShell.badge(overdue ? "overdue" : obligation.status))</td><td>"
      if obligation.status == "done" {
        out += "<span class=\"evidence\">\(e(obligation.evidence ?? ""))</span><br><small>by \(e(obligation.doneBy ?? "")) at \(e(obligation.doneAt ?? ""))</small>"
      } else if obligation.status == "open", viewer.identity.role >= .compliance {
        out += "<form method=\"post\" action=\"\(PageShell.runLink(id))/obligations/\(obligation.row)/done\" class=\"done-form\">"
        if let csrf = viewer.csrf { out += "<input type=\"hidden\" name=\"csrf\" value=\"\(e(csrf))\">" }
        out += "<input type=\"text\" name=\"evidence\" placeholder=\"evidence (link, ticket, filing id)\" size=\"28\" required> <button type=\"submit\">Mark done</button></form>"
      }
      out += "</td></tr>\n"
    }
    out += "</tbody></table>\n"
    if data.stored.obligations.isEmpty { out += "<p class=\"muted\">No obligations recorded.</p>\n" }

    out += "<h2 id=\"versions\">Versions</h2>\n<table><thead><tr><th>Version</th><th>Recorded</th><th>By</th><th>SHA-256</th></tr></thead><tbody>\n"
    for version in data.stored.versions.reversed() {
      out += "<tr><td>\(version.version)</td><td class=\"date\">\(e(version.recordedAt))</td><td>\(e(version.actor))</td><td><code>\(e(String(version.sha256.prefix(16))))…</code></td></tr>\n"
    }
    out += "</tbody></table>\n<h2 id=\"audit\">Audit entries</h2>\n<table><thead><tr><th>#</th><th>At</th><th>By</th><th>Action</th><th>Change</th></tr></thead><tbody>\n"
    for entry in data.audit.suffix(100).reversed() {
      let change = (try? JSONOutput.encode(entry.change).replacingOccurrences(of: "\n", with: " ")) ?? ""
      out += "<tr><td>\(entry.seq)</td><td class=\"date\">\(e(entry.at))</td><td>\(e(entry.actor))</td><td>\(e(entry.action))</td><td><small>\(e(String(change.prefix(300))))</small></td></tr>\n"
    }
    out += "</tbody></table>\n"
    if data.audit.count > 100 { out += "<p class=\"muted\">The latest 100 of \(data.audit.count) entries; GET /api/v1/audit?run=\(e(id)) lists all.</p>\n" }
    out += "<p class=\"muted\">Document (version \(summary.version)):</p><pre>\(e(data.stored.document))</pre>\n"
    return out
  }

  func progressChart(_ data: RunPageData, estimate: RunEstimate) -> String {
    guard let view = data.progress else { return "<p class=\"muted\" id=\"no-progress\">No progress reported yet (POST /api/v1/runs/{id}/progress, or `flopwatch registry progress`).</p>\n" }
    let forecast = view.forecast
    let observed = view.observed.compactMap { point in CalendarDate(String(point.at.prefix(10))).map { ProgressChart.Point(day: $0, flop: point.flop) } }
    var line: [ProgressChart.Point] = []
    if let last = observed.last {
      line.append(last)
      if let end = forecast.projectedEnd.flatMap(CalendarDate.init), end > last.day { line.append(.init(day: end, flop: forecast.flopProjected)) }
    }
    let central = estimate.flop.central
    let band = central > 0 ? (low: estimate.flop.low / central, high: estimate.flop.high / central) : (low: 1.0, high: 1.0)
    var thresholds: [ProgressChart.Threshold] = forecast.crossings.map {
      .init(label: "\($0.regime)/\($0.rule)", flop: $0.threshold, crossing: $0.date.flatMap(CalendarDate.init), due: $0.notificationDue.flatMap(CalendarDate.init))
    }
    // Thresholds the forecast does not reach are drawn too (without dates).
    for item in Registry.forecastThresholds(assessor: api.current, estimate: estimate) where !thresholds.contains(where: { $0.label == item.label }) {
      thresholds.append(.init(label: item.label, flop: item.flop, crossing: nil, due: nil))
    }
    let chart = ProgressChart(observed: observed, forecast: line, band: band, thresholds: thresholds, today: CalendarDate.today())
    var out = "<figure id=\"progress-chart\" data-points=\"\(observed.count)\">\n\(chart.svg(title: "Compute over time (\(forecast.unit))"))\n</figure>\n"
    out += "<p>\(observed.count) point(s); now \(formatFLOP(forecast.flopNow)) FLOP, projected \(formatFLOP(forecast.flopProjected)) FLOP"
      + (forecast.projectedEnd.map { " by \(PageShell.escape($0))" } ?? "") + ".</p>\n"
    for crossing in forecast.crossings {
      out += "<p>\(PageShell.badge(crossing.crossed ? "met" : "may-be-met")) \(PageShell.escape(crossing.regime))/\(PageShell.escape(crossing.rule)): "
        + (crossing.crossed ? "crossed" : "forecast to cross") + " \(PageShell.escape(crossing.date ?? "?")); known on \(PageShell.escape(crossing.knownOn))"
        + (crossing.notificationDue.map { "; notification due <strong>\(PageShell.escape($0))</strong>" } ?? "") + "</p>\n"
    }
    return out + forecast.notes.map { "<p class=\"muted\">\(PageShell.escape($0))</p>\n" }.joined()
  }

  func lineageLabel(_ node: LineageNode, current: String) -> String {
    let name = node.id == current ? "<strong>\(PageShell.escape(node.id))</strong>" : "<a href=\"\(PageShell.runLink(node.id))\">\(PageShell.escape(node.id))</a>"
    return "\(name) <small>own \(formatFLOP(node.ownFlop)), cumulative \(formatFLOP(node.cumulativeFlop)) FLOP</small>"
  }

  func lineageTree(_ node: LineageNode, current: String) -> String {
    var out = "<li>\(lineageLabel(node, current: current))"
    if !node.children.isEmpty { out += "<ul>" + node.children.map { lineageTree($0, current: current) }.joined() + "</ul>" }
    return out + "</li>"
  }
}
