import Foundation

/// The observation feed: the server publishes listeners, routes, requests, jobs and the activation state
/// here; the dashboard and the headless log read it.
///
/// Every method takes one short lock and does O(1) work, so publishing from the request path is cheap; the
/// dashboard samples `snapshot()` at its own pace and serving never waits for it.
public final class TrafficStore: Sendable {
    /// How many bytes of each body are kept for the request detail view.
    public static let excerptLimit = 4096

    /// How many requests the history keeps before dropping the oldest.
    public let capacity: Int

    private let state: AdaptiveLock<State>

    private struct State {
        var generation: UInt64 = 0
        var identity: DaemonIdentity?
        var listeners: [ListenerRecord] = []
        var routes: [RouteRecord] = []
        var requests = RequestHistory()
        var nextRequestID: UInt64 = 1
        var droppedRequests = 0
        var jobs: [JobRecord] = []
        var activation = ActivationRecord(holding: false, bufferingEnabled: false)
        // Here rather than behind a lock of their own: `finishRequest` reads them under the lock it takes anyway.
        var finishObservers: [@Sendable (RequestRecord) -> Void] = []

        mutating func withRequest(_ id: RequestID, _ body: (inout RequestRecord) -> Void) {
            guard let index = requests.position(of: id) else { return }
            requests.update(at: index, body)
            generation &+= 1
        }

        mutating func withListener(_ id: ListenerID, _ body: (inout ListenerRecord) -> Void) {
            guard let index = listeners.firstIndex(where: { $0.id == id }) else { return }
            body(&listeners[index])
            generation &+= 1
        }
    }

    public init(capacity: Int = 5000) {
        self.capacity = max(1, capacity)
        self.state = AdaptiveLock(State())
    }

    // MARK: - Reading

    /// A change counter: equal values mean nothing changed in between.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// A consistent copy of the whole feed.
    public func snapshot() -> TrafficSnapshot {
        state.withLock { s in
            TrafficSnapshot(
                generation: s.generation, identity: s.identity, listeners: s.listeners, routes: s.routes,
                requests: s.requests, droppedRequests: s.droppedRequests, jobs: s.jobs, activation: s.activation)
        }
    }

    /// Calls `observer` (on the server's thread, so keep it short) each time a request finishes.
    public func onRequestFinished(_ observer: @escaping @Sendable (RequestRecord) -> Void) {
        state.withLock { $0.finishObservers.append(observer) }
    }

    // MARK: - Daemon, listeners, routes, jobs, activation

    public func setIdentity(_ identity: DaemonIdentity) {
        state.withLock { $0.identity = identity; $0.generation &+= 1 }
    }

    /// Adds a listener, or replaces the one with the same id.
    public func addListener(_ record: ListenerRecord) {
        state.withLock { s in
            if let index = s.listeners.firstIndex(where: { $0.id == record.id }) {
                s.listeners[index] = record
            } else {
                s.listeners.append(record)
            }
            s.generation &+= 1
        }
    }

    public func updateListener(_ id: ListenerID, _ body: (inout ListenerRecord) -> Void) {
        state.withLock { $0.withListener(id, body) }
    }

    public func connectionOpened(on listener: ListenerID) {
        updateListener(listener) { $0.acceptedConnections += 1; $0.activeConnections += 1 }
    }

    public func connectionClosed(on listener: ListenerID) {
        updateListener(listener) { $0.activeConnections -= 1 }
    }

    /// Replaces the route table (hit counts start at zero).
    public func setRoutes(_ routes: [RouteRecord]) {
        state.withLock { $0.routes = routes; $0.generation &+= 1 }
    }

    /// Records a job run and returns its id for later updates.
    public func addJob(name: String, args: [String], env: [HeaderField]) -> Int {
        state.withLock { s in
            let id = s.jobs.count
            s.jobs.append(JobRecord(id: id, name: name, args: args, env: env, status: .running, started: Date()))
            s.generation &+= 1
            return id
        }
    }

    public func updateJob(_ id: Int, _ body: (inout JobRecord) -> Void) {
        state.withLock { s in
            guard s.jobs.indices.contains(id) else { return }
            body(&s.jobs[id])
            s.generation &+= 1
        }
    }

    public func setActivation(_ record: ActivationRecord) {
        state.withLock { $0.activation = record; $0.generation &+= 1 }
    }

    // MARK: - Requests

    /// Records a request whose head was just read and returns its id. `dispatched`: it goes to the router at
    /// once (the listen buffer is not holding), so that stage is recorded in the same update, with `routing`
    /// if the router chose already.
    public func beginRequest(
        listener: ListenerID, peer: String, method: String, uri: String, httpVersion: String,
        headers: any HeaderSource, dispatched: Bool = false, routing: RequestRouting? = nil, at now: Date = Date()
    ) -> RequestID {
        // Optional, to be moved into the history with `take()` rather than copied (a dozen retains and releases).
        var record: RequestRecord? = RequestRecord(
            id: RequestID(0), listener: listener, peer: peer, method: method, uri: uri, httpVersion: httpVersion,
            requestHeaders: headers, accepted: now)
        if dispatched { record!.stages.dispatched = now }
        if let routing { record!.routing = routing }
        var dropped: RequestHistory.Removed?
        let id = state.withLock { s in
            let id = RequestID(s.nextRequestID)
            s.nextRequestID += 1
            record!.id = id
            s.requests.append(record.take()!)
            if s.requests.count > capacity {
                dropped = s.requests.removeFirst()
                s.droppedRequests += 1
            }
            s.withListener(listener) { $0.totalRequests += 1 }
            return id
        }
        // The oldest record is destroyed here, outside the lock the other event loop may be waiting for.
        withExtendedLifetime(dropped) {}
        return id
    }

    /// The listen buffer parked the request.
    public func requestHeld(_ id: RequestID, listener: ListenerID, at now: Date = Date()) {
        state.withLock { s in
            s.withRequest(id) { $0.phase = .held; $0.stages.held = now }
            s.withListener(listener) { $0.heldRequests += 1 }
        }
    }

    /// The listen buffer let the request go (activation, or the connection went away while held).
    public func requestReleased(_ id: RequestID, listener: ListenerID) {
        state.withLock { s in
            s.withRequest(id) { if $0.phase == .held { $0.phase = .inFlight } }
            s.withListener(listener) { $0.heldRequests -= 1 }
        }
    }

    /// The request left the listen buffer and was handed to the router, which made the choice `routing` (if
    /// it chose already).
    public func requestDispatched(_ id: RequestID, routing: RequestRouting? = nil, at now: Date = Date()) {
        state.withLock { s in
            s.withRequest(id) { r in
                r.stages.dispatched = now
                if let routing { r.routing = routing }
            }
        }
    }

    /// The router chose a route (`routeID` nil: nothing matched).
    public func requestRouted(_ id: RequestID, _ routing: RequestRouting) {
        state.withLock { s in s.withRequest(id) { $0.routing = routing } }
    }

    /// Counts request body bytes and keeps the first ones.
    public func requestBody(_ id: RequestID, bytes: some Collection<UInt8>) {
        Array(bytes).withUnsafeBytes { requestBody(id, raw: $0) }
    }

    /// Counts request body bytes and keeps the first ones (the server's fast path: no generic iteration).
    public func requestBody(_ id: RequestID, raw bytes: UnsafeRawBufferPointer) {
        state.withLock { s in
            s.withRequest(id) { r in
                r.requestBytes += bytes.count
                Self.appendExcerpt(&r.requestBodyExcerpt, bytes)
            }
        }
    }

    /// The response head went out.
    public func responseStarted(
        _ id: RequestID, status: Int, headers: any HeaderSource, streaming: Bool, at now: Date = Date()
    ) {
        state.withLock { s in
            s.withRequest(id) { r in
                Self.recordStart(&r, status: status, headers: headers, streaming: streaming, body: nil, at: now)
            }
        }
    }

    private static func recordStart(
        _ r: inout RequestRecord, status: Int, headers: any HeaderSource, streaming: Bool, body: UnsafeRawBufferPointer?,
        at now: Date
    ) {
        r.status = status
        r.responseHeaderSource = headers
        r.stages.firstByte = now
        if let body {
            r.responseBytes += body.count
            appendExcerpt(&r.responseBodyExcerpt, body)
        }
        if status == 101 {
            r.phase = .hijacked
        } else if streaming {
            r.phase = .streaming
        }
    }

    /// Counts response body bytes and keeps the first ones.
    public func responseBody(_ id: RequestID, bytes: some Collection<UInt8>) {
        Array(bytes).withUnsafeBytes { responseBody(id, raw: $0) }
    }

    /// Counts response body bytes and keeps the first ones (the server's fast path: no generic iteration).
    public func responseBody(_ id: RequestID, raw bytes: UnsafeRawBufferPointer) {
        state.withLock { s in
            s.withRequest(id) { r in
                r.responseBytes += bytes.count
                Self.appendExcerpt(&r.responseBodyExcerpt, bytes)
            }
        }
    }

    /// Counts raw bytes on a hijacked connection.
    public func hijackedBytes(_ id: RequestID, in inbound: Int = 0, out outbound: Int = 0) {
        state.withLock { s in
            s.withRequest(id) { $0.hijackedBytesIn += inbound; $0.hijackedBytesOut += outbound }
        }
    }

    /// Records an error message without finishing the request.
    public func requestError(_ id: RequestID, _ message: String) {
        state.withLock { s in s.withRequest(id) { $0.errorMessage = message } }
    }

    /// A whole response that went out in one write (head, body and end), recorded when its request finishes
    /// a moment later: one update instead of two.
    public struct CompletedResponse {
        public var status: Int
        public var headers: any HeaderSource
        /// The body; only valid during the `finishRequest` call.
        public var body: UnsafeRawBufferPointer?
        public var sentAt: Date

        public init(status: Int, headers: any HeaderSource, body: UnsafeRawBufferPointer?, sentAt: Date) {
            self.status = status
            self.headers = headers
            self.body = body
            self.sentAt = sentAt
        }
    }

    /// The request is over: updates route and listener statistics and tells the observers. `response`: the
    /// response it sent in one go, not yet recorded with `responseStarted`.
    public func finishRequest(
        _ id: RequestID, error: String? = nil, response: CompletedResponse? = nil, at now: Date = Date()
    ) {
        var observers: [@Sendable (RequestRecord) -> Void] = []
        let finished: RequestRecord? = state.withLock { s in
            observers = s.finishObservers
            var outcome: (listener: ListenerID, routeID: Int?, status: Int?, duration: TimeInterval)?
            var result: RequestRecord?
            s.withRequest(id) { r in
                guard r.phase != .done else { return }
                if let response {
                    Self.recordStart(
                        &r, status: response.status, headers: response.headers, streaming: false, body: response.body,
                        at: response.sentAt)
                }
                r.phase = .done
                r.stages.done = now
                if let error, r.errorMessage == nil { r.errorMessage = error }
                outcome = (r.listener, r.routeID, r.status, r.duration(now: now))
                // A copy of the whole record only when someone will read it.
                if !observers.isEmpty { result = r }
            }
            guard let outcome else { return nil }
            if let routeID = outcome.routeID, s.routes.indices.contains(routeID) {
                s.routes[routeID].hits += 1
                if (outcome.status ?? 500) >= 400 { s.routes[routeID].errors += 1 }
                s.routes[routeID].latency.record(outcome.duration)
            }
            s.withListener(outcome.listener) { $0.requestRate.record(at: now) }
            return result
        }
        guard let finished else { return }
        for observer in observers { observer(finished) }
    }

    private static func appendExcerpt(_ excerpt: inout [UInt8], _ bytes: UnsafeRawBufferPointer) {
        let room = excerptLimit - excerpt.count
        guard room > 0, bytes.count > 0 else { return }
        excerpt.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes.prefix(room)))
    }
}
