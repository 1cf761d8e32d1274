import Foundation

/// A consistent copy of everything the feed knows, taken at one instant.
public struct TrafficSnapshot: Sendable {
    /// Grows on every change; equal generations mean equal contents.
    public var generation: UInt64
    public var identity: DaemonIdentity?
    public var listeners: [ListenerRecord]
    public var routes: [RouteRecord]
    /// The most recent requests, oldest first (live ones included).
    public var requests: RequestHistory
    /// Requests that fell out of the bounded history.
    public var droppedRequests: Int
    public var jobs: [JobRecord]
    public var activation: ActivationRecord

    /// Requests currently held by the listen buffer, in arrival order.
    public var heldRequests: [RequestRecord] { requests.filter { $0.phase == .held } }

    /// The request with this id, if still in the history.
    public func request(_ id: RequestID) -> RequestRecord? {
        requests.position(of: id).map { requests[$0] }
    }
}
