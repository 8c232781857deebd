import FlopCore
import FlopRules
import Foundation

/// When a running job will cross each compute threshold, from its observed rate.
public struct ProgressForecast: Sendable, Codable {
  /// One threshold the run has crossed or is forecast to cross.
  public struct Crossing: Sendable, Codable {
    public var regime: String
    public var rule: String
    public var threshold: Double
    /// Crossed already, or forecast to cross before the run ends.
    public var crossed: Bool
    /// The projected day the threshold is reached (past for a crossed one).
    public var date: String?
    /// When it became known that it will be met: the plan date, or this forecast.
    public var knownOn: String
    public var notificationDue: String?
  }

  /// tokens or gpu_hours: what progress is measured in.
  public var unit: String
  public var done: Double
  public var planned: Double?
  /// Units per day from the recorded points.
  public var ratePerDay: Double?
  public var flopPerUnit: Double
  /// Cumulative compute now (base included) and at the projected end.
  public var flopNow: Double
  public var flopProjected: Double
  public var projectedEnd: String?
  public var crossings: [Crossing]
  public var notes: [String]
}

/// Builds forecasts from progress points (pure arithmetic; the registry supplies the data).
public enum Forecaster {
  /// A compute threshold of the form `FLOP > value` that a forecast can cross; `offset` is the
  /// compute the metric counts besides this run's own (a base model's), `days` the notification clock.
  public typealias Threshold = (regime: String, rule: String, threshold: Double, offset: Double, days: Int?)

  /// The first day on which the points recorded by then forecast each threshold crossed, by
  /// `regime/rule`: a fact of the point set, so reports recorded late or twice change nothing.
  ///
  /// One pass with running sums (a job reporting every minute records tens of thousands of
  /// points); each prefix is judged exactly as `forecast` judges a crossing.
  public static func firstForecastCrossings(
    unit: String, points: [Point], planned: Double?, plannedFLOP: Double, baseFLOP: Double, start: CalendarDate?,
    end: CalendarDate?, thresholds: [Threshold]
  ) -> [String: CalendarDate] {
    var scan = CrossingScan(planned: planned, plannedFLOP: plannedFLOP, start: start, end: end, thresholds: thresholds)
    for point in points where scan.isOpen { scan.add(point) }
    return scan.crossings
  }

  /// `firstForecastCrossings` one point at a time, so that a cache can extend it as points
  /// arrive in order instead of reading the whole series again.
  public struct CrossingScan: Sendable {
    let planned: Double?
    let perUnit: Double
    let start: CalendarDate?
    let end: CalendarDate?
    let thresholds: [Threshold]
    var fit: RateFit?
    var count = 0
    /// Each threshold's first day, by position (keys built per point were most of a report's time).
    var days: [CalendarDate?]
    var open: Int

    public init(planned: Double?, plannedFLOP: Double, start: CalendarDate?, end: CalendarDate?, thresholds: [Threshold]) {
      self.planned = planned
      perUnit = planned.map { $0 > 0 ? plannedFLOP / $0 : 0 } ?? 0
      self.start = start
      self.end = end
      self.thresholds = thresholds
      days = [CalendarDate?](repeating: nil, count: thresholds.count)
      open = perUnit > 0 ? thresholds.count : 0
    }

    /// Some threshold has no day yet: later points can still matter.
    public var isOpen: Bool { open > 0 }

    /// The next point in time order.
    public mutating func add(_ point: Point) {
      defer { count += 1 }
      guard open > 0 else { return }
      if fit == nil { fit = RateFit(origin: point.day) }
      fit!.add(point)
      var rate = fit!.slope
      if count == 0, let start {
        var withStart = RateFit(origin: point.day)
        withStart.add(Point(day: Double(start.dayNumber), value: 0))
        withStart.add(point)
        rate = withStart.slope
      }
      let finalUnits = projectedUnits(last: point, rate: rate, planned: planned, end: end)
      for (position, item) in thresholds.enumerated() where days[position] == nil && item.offset + finalUnits * perUnit > item.threshold {
        days[position] = CalendarDate(dayNumber: Int(floor(point.day)))
        open -= 1
      }
    }

    /// The first days by `regime/rule` (two thresholds of one rule: the earlier day stands).
    public var crossings: [String: CalendarDate] {
      var first: [String: CalendarDate] = [:]
      for (position, item) in thresholds.enumerated() {
        guard let day = days[position] else { continue }
        let key = "\(item.regime)/\(item.rule)"
        if let earlier = first[key], earlier <= day { continue }
        first[key] = day
      }
      return first
    }
  }

  /// One unit's points as the forecast reads them (days since 1970, cumulative units, in time
  /// order) with the crossing scan over them: built once per run and unit, extended in order.
  public struct Series: Sendable {
    public private(set) var points: [Point] = []
    public private(set) var scan: CrossingScan

    public init(scan: CrossingScan) { self.scan = scan }

    public mutating func append(_ point: Point) {
      points.append(point)
      if scan.isOpen { scan.add(point) }
    }
  }

  /// A least-squares line fitted from running sums, days measured from `origin` for precision.
  struct RateFit: Sendable {
    var origin: Double
    var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0

    init(origin: Double) { self.origin = origin }

    mutating func add(_ point: Point) {
      let x = point.day - origin
      n += 1
      sx += x
      sy += point.value
      sxx += x * x
      sxy += x * point.value
    }

    /// Units per day; nil with fewer than two distinct days.
    var slope: Double? {
      guard n >= 2 else { return nil }
      let spread = sxx - sx * sx / n
      guard spread > 0 else { return nil }
      return (sxy - sx * sy / n) / spread
    }
  }

  /// The units the run is projected to reach: its plan, or further if the rate carries it past
  /// the plan by `schedule.end`.
  static func projectedUnits(last: Point, rate: Double?, planned: Double?, end: CalendarDate?) -> Double {
    var finalUnits = max(planned ?? last.value, last.value)
    if let rate, rate > 0, let end {
      let remaining = Double(end.dayNumber) - last.day
      if remaining > 0 { finalUnits = max(finalUnits, last.value + rate * remaining) }
    }
    return finalUnits
  }

  /// A progress point: time in days since 1970 and units done.
  public struct Point: Sendable {
    public var day: Double
    public var value: Double
    public init(day: Double, value: Double) {
      self.day = day
      self.value = value
    }
  }

  /// Forecasts from points sorted by time, the run's plan and its estimate.
  ///
  /// The rate is a least-squares slope over the points (with the training start at zero when
  /// only one point exists); compute per unit comes from the planned estimate, so a run that goes
  /// past its plan (more tokens, more days) is projected past its planned compute too.
  public static func forecast(
    unit: String, points: [Point], planned: Double?, plannedFLOP: Double, baseFLOP: Double, start: CalendarDate?,
    end: CalendarDate?, thresholds: [Threshold], knownOn: [String: CalendarDate] = [:], today: CalendarDate
  ) -> ProgressForecast {
    var notes: [String] = []
    let last = points.last ?? Point(day: Double(today.dayNumber), value: 0)
    var fitted = points
    if fitted.count == 1, let start { fitted.insert(Point(day: Double(start.dayNumber), value: 0), at: 0) }
    var fit = RateFit(origin: fitted.first?.day ?? 0)
    for point in fitted { fit.add(point) }
    let rate = fit.slope
    if fitted.count < 2 { notes.append("one progress point and no schedule.start: no rate yet") }
    let perUnit = planned.map { $0 > 0 ? plannedFLOP / $0 : 0 } ?? 0
    let finalUnits = projectedUnits(last: last, rate: rate, planned: planned, end: end)
    if planned == nil { notes.append("no planned \(unit): compute per \(unit) unknown") }
    let ownNow = last.value * perUnit
    let ownFinal = finalUnits * perUnit
    let flopNow = baseFLOP + ownNow
    let flopFinal = baseFLOP + ownFinal
    var projectedEnd: String?
    if let rate, rate > 0, finalUnits > last.value {
      projectedEnd = CalendarDate(dayNumber: Int((last.day + (finalUnits - last.value) / rate).rounded(.up))).description
    }
    var crossings: [ProgressForecast.Crossing] = []
    for item in thresholds where perUnit > 0 && item.offset + ownFinal > item.threshold {
      let neededUnits = (item.threshold - item.offset) / perUnit
      let crossed = item.offset + ownNow > item.threshold
      var date: CalendarDate?
      if crossed {
        // Interpolate between the points that straddle the threshold.
        var previous = fitted.first ?? last
        for point in fitted {
          if point.value >= neededUnits {
            let span = point.value - previous.value
            let fraction = span > 0 ? (neededUnits - previous.value) / span : 1
            date = CalendarDate(dayNumber: Int((previous.day + fraction * (point.day - previous.day)).rounded(.up)))
            break
          }
          previous = point
        }
        if date == nil { date = CalendarDate(dayNumber: Int(last.day)) }
      } else if let rate, rate > 0 {
        date = CalendarDate(dayNumber: Int((last.day + (neededUnits - last.value) / rate).rounded(.up)))
      }
      // Known from the plan, an earlier forecast or the registry's record; else from this forecast.
      let known = min(knownOn["\(item.regime)/\(item.rule)"] ?? today, today)
      let knownOn = min(known, date ?? known)
      crossings.append(ProgressForecast.Crossing(
        regime: item.regime, rule: item.rule, threshold: item.threshold, crossed: crossed, date: date?.description,
        knownOn: knownOn.description, notificationDue: item.days.map { knownOn.adding(days: $0).description }))
    }
    return ProgressForecast(
      unit: unit, done: last.value, planned: planned, ratePerDay: rate, flopPerUnit: perUnit, flopNow: flopNow,
      flopProjected: flopFinal, projectedEnd: projectedEnd, crossings: crossings, notes: notes)
  }
}
