import Logging
import NIOCore
import Synchronization
import Traffic

/// What every listener shares: the traffic feed, the listen buffer, the event loops, the shutdown signal, and
/// the factory that builds each listener's router (the seed's `createRouter`, called once per listener).
public struct ServeContext: Sendable {
    public let traffic: TrafficStore
    public let listenBuffer: ListenBuffer
    public let eventLoopGroup: any EventLoopGroup
    public let shutdown: ShutdownSignal
    public let logger: Logger
    /// Builds the responder (router) for a listener.
    public let makeResponder: @Sendable (ListenerRecord) -> any HTTPResponder
    let ids = ListenerIDAllocator()

    public init(
        traffic: TrafficStore, listenBuffer: ListenBuffer, eventLoopGroup: any EventLoopGroup,
        shutdown: ShutdownSignal, logger: Logger,
        makeResponder: @escaping @Sendable (ListenerRecord) -> any HTTPResponder
    ) {
        self.traffic = traffic
        self.listenBuffer = listenBuffer
        self.eventLoopGroup = eventLoopGroup
        self.shutdown = shutdown
        self.logger = logger
        self.makeResponder = makeResponder
    }
}

/// Hands out listener ids in the order listeners are created.
final class ListenerIDAllocator: Sendable {
    private let next = Mutex(1)
    func allocate() -> ListenerID { next.withLock { n in defer { n += 1 }; return ListenerID(n) } }
}
