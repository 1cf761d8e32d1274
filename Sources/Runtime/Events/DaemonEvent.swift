import Foundation

/// One event on `/events`: something happened to an image, a container or the daemon.
public struct DaemonEvent: Sendable, Equatable {
    /// `container`, `image`, `daemon`, …
    public var type: String
    /// `create`, `start`, `die`, `tag`, `import`, …
    public var action: String
    /// The object's id (a container id, an image id or name).
    public var actorID: String
    /// Extra facts: `name`, `image`, `exitCode`, …
    public var attributes: [String: String]
    /// Nanoseconds since the Unix epoch.
    public var timeNano: Int64

    public init(type: String, action: String, actorID: String, attributes: [String: String] = [:], timeNano: Int64? = nil) {
        self.type = type
        self.action = action
        self.actorID = actorID
        self.attributes = attributes
        self.timeNano = timeNano ?? Int64(Date().timeIntervalSince1970 * 1_000_000_000)
    }

    /// Whole seconds since the Unix epoch.
    public var time: Int64 { timeNano / 1_000_000_000 }
}
