import FlopFetch
import Foundation

/// An MLflow run as the tracking server's REST API returns it (`runs/search`).
public struct MLflowRun: Sendable, Decodable {
  public struct Info: Sendable, Decodable {
    public var runID: String
    public var runName: String?
    public var experimentID: String
    public var status: String?
    public var startTime: Int64?
    public var endTime: Int64?

    enum CodingKeys: String, CodingKey {
      case runID = "run_id", runName = "run_name", experimentID = "experiment_id", status, startTime = "start_time", endTime = "end_time"
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      runID = try container.decode(String.self, forKey: .runID)
      runName = try container.decodeIfPresent(String.self, forKey: .runName)
      experimentID = try container.decode(String.self, forKey: .experimentID)
      status = try container.decodeIfPresent(String.self, forKey: .status)
      startTime = try Self.int64(container, .startTime)
      endTime = try Self.int64(container, .endTime)
    }

    /// Protobuf's JSON writes 64-bit integers as numbers or as strings; both are read.
    static func int64(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64? {
      if let number = try? container.decodeIfPresent(Int64.self, forKey: key) { return number }
      return try container.decodeIfPresent(String.self, forKey: key).flatMap { Int64($0) }
    }
  }

  /// A latest metric value with its time (ms since 1970).
  public struct Metric: Sendable, Decodable {
    public var key: String
    public var value: Double
    public var timestamp: Int64?

    enum CodingKeys: String, CodingKey { case key, value, timestamp }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      key = try container.decode(String.self, forKey: .key)
      // MLflow writes NaN and infinities as strings; such a value is not usable and is refused later.
      value = (try? container.decode(Double.self, forKey: .value)) ?? .nan
      if let number = try? container.decodeIfPresent(Int64.self, forKey: .timestamp) { timestamp = number }
      else { timestamp = try container.decodeIfPresent(String.self, forKey: .timestamp).flatMap { Int64($0) } }
    }
  }

  public struct KeyValue: Sendable, Decodable {
    public var key: String
    public var value: String?
  }

  public struct RunData: Sendable, Decodable {
    public var metrics: [Metric]?
    public var params: [KeyValue]?
    public var tags: [KeyValue]?
  }

  public var info: Info
  public var data: RunData?
}

/// MLflow's error answer.
struct MLflowFailure: Decodable {
  var error_code: String?
  var message: String?
}

/// The parts of MLflow's REST API (2.0) an import needs, over libcurl.
///
/// Credentials come from MLflow's own variables: `MLFLOW_TRACKING_TOKEN` (a bearer token) or
/// `MLFLOW_TRACKING_USERNAME` and `MLFLOW_TRACKING_PASSWORD` (basic). As for every FlopWatch
/// request, the URL must be https, or http to this machine.
public struct MLflowClient: Sendable {
  public var base: String
  var http: HTTPClient
  var headers: [String]

  public init(trackingURI: String, version: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
    var base = trackingURI
    while base.hasSuffix("/") { base.removeLast() }
    self.base = base
    var http = HTTPClient(version: version)
    http.connectTimeout = 5
    http.totalTimeout = 60
    http.maxBodyBytes = 64 << 20
    self.http = http
    var headers = ["Content-Type: application/json", "Accept: application/json"]
    if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
      headers.append("Authorization: Bearer \(token)")
    } else if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"] {
      headers.append("Authorization: Basic \(Data("\(user):\(password)".utf8).base64EncodedString())")
    }
    self.headers = headers
  }

  /// Calls one endpoint and decodes its answer; MLflow's `{error_code, message}` becomes the error.
  func call<T: Decodable>(_ method: String, _ path: String, body: [String: Any]? = nil, as type: T.Type) throws -> T {
    let url = base + "/api/2.0/mlflow/" + path
    let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
    let response: HTTPResponse
    do { response = try http.send(method, url, headers: headers, body: data) } catch {
      throw EngineError("MLflow at \(base) cannot be reached: \(error) (is the tracking server running, and is --tracking-uri right?)")
    }
    guard response.status == 200 else {
      let failure = try? JSONDecoder().decode(MLflowFailure.self, from: response.body)
      let detail = failure.map { "\($0.error_code ?? "error"): \($0.message ?? "")" } ?? String(decoding: response.body.prefix(200), as: UTF8.self)
      throw EngineError("MLflow at \(base) answered \(response.status) to \(path): \(detail)")
    }
    do { return try JSONDecoder().decode(T.self, from: response.body) } catch {
      throw EngineError("MLflow at \(base): the answer to \(path) is not what MLflow's API returns (\(error))")
    }
  }

  /// The id of the experiment called `name`.
  public func experimentID(named name: String) throws -> String {
    struct Answer: Decodable { struct Experiment: Decodable { var experiment_id: String }; var experiment: Experiment }
    var components = URLComponents()
    components.queryItems = [URLQueryItem(name: "experiment_name", value: name)]
    do {
      return try call("GET", "experiments/get-by-name" + (components.percentEncodedQuery.map { "?" + $0 } ?? ""), as: Answer.self).experiment.experiment_id
    } catch let error as EngineError where error.message.contains("RESOURCE_DOES_NOT_EXIST") || error.message.contains(" 404 ") {
      throw EngineError("MLflow at \(base) has no experiment named '\(name)'")
    }
  }

  /// Every active experiment's id, page by page.
  public func experimentIDs(pageSize: Int = 1000) throws -> [String] {
    struct Answer: Decodable {
      struct Experiment: Decodable { var experiment_id: String }
      var experiments: [Experiment]?
      var next_page_token: String?
    }
    var ids: [String] = []
    var token: String?
    repeat {
      var body: [String: Any] = ["max_results": pageSize]
      if let token { body["page_token"] = token }
      let answer = try call("POST", "experiments/search", body: body, as: Answer.self)
      ids += (answer.experiments ?? []).map(\.experiment_id)
      token = answer.next_page_token.flatMap { $0.isEmpty ? nil : $0 }
    } while token != nil
    return ids
  }

  /// Every run of the experiments, following `next_page_token` to the last page.
  public func searchRuns(experimentIDs: [String], pageSize: Int = 1000) throws -> [MLflowRun] {
    struct Answer: Decodable { var runs: [MLflowRun]?; var next_page_token: String? }
    var runs: [MLflowRun] = []
    var token: String?
    var pages = 0
    repeat {
      var body: [String: Any] = ["experiment_ids": experimentIDs, "max_results": pageSize, "order_by": ["attributes.start_time ASC"]]
      if let token { body["page_token"] = token }
      let answer = try call("POST", "runs/search", body: body, as: Answer.self)
      runs += answer.runs ?? []
      token = answer.next_page_token.flatMap { $0.isEmpty ? nil : $0 }
      pages += 1
      guard pages < 100_000 else { throw EngineError("MLflow at \(base): runs/search kept returning pages (over 100,000); stopped") }
    } while token != nil
    return runs
  }
}
