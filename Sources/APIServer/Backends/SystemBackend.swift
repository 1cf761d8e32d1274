/// What the system routes need from the daemon: the facts behind `/version` and `/info`.
public protocol SystemBackend: Sendable {
    /// `GET /version`.
    func version() async throws -> VersionResponse
    /// `GET /info`.
    func info() async throws -> InfoResponse
}

/// One event as `/events` streams it.
public struct APIEvent: Sendable, Equatable {
    public var type: String
    public var action: String
    public var actorID: String
    public var attributes: [String: String]
    public var timeNano: Int64

    public init(type: String, action: String, actorID: String, attributes: [String: String], timeNano: Int64) {
        self.type = type
        self.action = action
        self.actorID = actorID
        self.attributes = attributes
        self.timeNano = timeNano
    }
}

/// A subscription to the event bus: the past events asked for, and the live ones after them.
public struct EventSubscription: Sendable {
    /// Buffered events at or after `since`, oldest first.
    public var replay: [APIEvent]
    /// Events published after the subscription, until the stream is dropped.
    public var live: AsyncStream<APIEvent>

    public init(replay: [APIEvent], live: AsyncStream<APIEvent>) {
        self.replay = replay
        self.live = live
    }
}

/// The event bus as `/events` sees it.
public protocol EventsBackend: Sendable {
    /// Subscribes; `sinceNano` nil means no replay.
    func subscribe(sinceNano: Int64?) -> EventSubscription
}

/// The backends behind the route groups. Image and container backends are optional: without them their
/// routes answer 501.
public struct APIBackends: Sendable {
    public var system: any SystemBackend
    public var events: any EventsBackend
    public var images: (any ImageBackend)?
    public var containers: (any ContainerBackend)?

    public init(
        system: any SystemBackend, events: any EventsBackend, images: (any ImageBackend)? = nil,
        containers: (any ContainerBackend)? = nil
    ) {
        self.system = system
        self.events = events
        self.images = images
        self.containers = containers
    }
}
