import Foundation

/// One row of `GET /containers/json`.
public struct ContainerListEntry: Sendable, Equatable {
    /// The full ID.
    public var id: String
    /// The name with its slash, in a list (Docker's shape).
    public var names: [String]
    /// The image as given at create.
    public var image: String
    /// The image ID.
    public var imageID: String
    /// Entrypoint and Cmd joined by spaces.
    public var command: String
    /// Creation time, Unix seconds.
    public var created: Int64
    /// `created`, `running`, `paused`, `exited`, …
    public var state: String
    /// `Up 5 seconds`, `Exited (0) 2 minutes ago`, `Created`, …
    public var status: String
    /// The container's labels.
    public var labels: [String: String]
    /// With `size`: bytes in the container's writable layer.
    public var sizeRw: Int64?
    /// With `size`: those plus the image's.
    public var sizeRootFs: Int64?
    /// `HostConfig.NetworkMode`.
    public var networkMode: String
}
