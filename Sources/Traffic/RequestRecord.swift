import Foundation

/// Identifies one HTTP request for the life of the process; ids grow in arrival order.
public struct RequestID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: RequestID, b: RequestID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// One header line, in wire order.
public struct HeaderField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Header lines as the server holds them, turned into `HeaderField`s only when someone reads them: recording a
/// request's headers is one reference, not a copy of every line (the request path records every request; the
/// dashboard reads the headers of the one request it shows).
public protocol HeaderSource: Sendable {
    /// The header lines, in wire order.
    var headerFields: [HeaderField] { get }
}

extension Array: HeaderSource where Element == HeaderField {
    public var headerFields: [HeaderField] { self }
}

/// How the router chose to serve a request: what the traffic feed records of it.
public struct RequestRouting: Sendable, Equatable {
    /// The `RouteRecord.id` of the route that matched, if any.
    public var routeID: Int?
    /// The route template that matched, exactly as registered (e.g. `/containers/{name:.*}/json`).
    public var route: String?
    /// The handler's name (e.g. `getContainersByName`).
    public var handler: String?
    /// Variables the route captured (`version`, `name`, …).
    public var vars: [String: String]

    public init(routeID: Int? = nil, route: String? = nil, handler: String? = nil, vars: [String: String] = [:]) {
        self.routeID = routeID
        self.route = route
        self.handler = handler
        self.vars = vars
    }
}

/// Where a request is in its life.
public enum RequestPhase: String, Sendable {
    /// Parsed and parked by the listen buffer, waiting for activation.
    case held
    /// Dispatched to its handler, no response byte sent yet.
    case inFlight
    /// The response has started and is still being written (events, logs, export…).
    case streaming
    /// The connection was upgraded (`101 UPGRADED`) and now carries raw bytes.
    case hijacked
    /// Finished: the response was written, or the connection ended.
    case done
}

/// The moments a request passes through: accepted → held → dispatched → first byte → done.
public struct RequestStages: Sendable, Equatable {
    /// The request head was read off the connection.
    public var accepted: Date
    /// The listen buffer parked it (nil: it was never held).
    public var held: Date?
    /// Handed to the router.
    public var dispatched: Date?
    /// The response head went out.
    public var firstByte: Date?
    /// The response (or the hijacked stream) ended.
    public var done: Date?

    public init(accepted: Date) { self.accepted = accepted }
}

/// Everything observed about one request. The server fills it in stage by stage; the dashboard reads copies.
public struct RequestRecord: Sendable, Identifiable {
    public internal(set) var id: RequestID
    public let listener: ListenerID
    /// The client: `ip:port`, or `unix` / `fd` peers as `@` plus the local path.
    public var peer: String
    public var method: String
    /// The request target as sent (path and query).
    public var uri: String
    public var httpVersion: String
    public var requestHeaders: [HeaderField] {
        get { requestHeaderSource.headerFields }
        set { requestHeaderSource = newValue }
    }
    var requestHeaderSource: any HeaderSource
    /// The first bytes of the request body (at most `TrafficStore.excerptLimit`).
    public var requestBodyExcerpt: [UInt8] = []
    public var requestBytes: Int = 0

    /// How the router chose to serve it (nothing yet while it is held).
    public var routing = RequestRouting()
    /// The `RouteRecord.id` of the route that matched, if any.
    public var routeID: Int? { routing.routeID }
    /// The route template that matched, exactly as registered.
    public var route: String? { routing.route }
    /// The handler's name.
    public var handler: String? { routing.handler }
    /// Variables the route captured.
    public var vars: [String: String] { routing.vars }

    public var status: Int?
    public var responseHeaders: [HeaderField] {
        get { responseHeaderSource.headerFields }
        set { responseHeaderSource = newValue }
    }
    var responseHeaderSource: any HeaderSource = [HeaderField]()
    /// The first bytes of the response body (at most `TrafficStore.excerptLimit`).
    public var responseBodyExcerpt: [UInt8] = []
    public var responseBytes: Int = 0
    /// Raw bytes carried in each direction after a hijack.
    public var hijackedBytesIn: Int = 0
    public var hijackedBytesOut: Int = 0
    /// Why the request failed, when the handler threw or the connection broke.
    public var errorMessage: String?

    public var phase: RequestPhase
    public var stages: RequestStages

    public init(
        id: RequestID, listener: ListenerID, peer: String, method: String, uri: String,
        httpVersion: String, requestHeaders: any HeaderSource, accepted: Date
    ) {
        self.id = id
        self.listener = listener
        self.peer = peer
        self.method = method
        self.uri = uri
        self.httpVersion = httpVersion
        self.requestHeaderSource = requestHeaders
        self.phase = .inFlight
        self.stages = RequestStages(accepted: accepted)
    }

    /// A record that owns no memory: what a history chunk keeps in the place of a record it gave up.
    static let vacated = RequestRecord(
        id: RequestID(0), listener: ListenerID(0), peer: "", method: "", uri: "", httpVersion: "",
        requestHeaders: [HeaderField](), accepted: Date(timeIntervalSinceReferenceDate: 0))

    /// The path without the query string.
    public var path: String {
        if let q = uri.firstIndex(of: "?") { return String(uri[..<q]) }
        return uri
    }

    /// Time from acceptance to completion, or to `now` while still live.
    public func duration(now: Date = Date()) -> TimeInterval {
        (stages.done ?? now).timeIntervalSince(stages.accepted)
    }

    /// True until the request is done.
    public var isLive: Bool { phase != .done }

    /// The value of a request header (case-insensitive), if present.
    public func requestHeader(_ name: String) -> String? {
        requestHeaders.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
