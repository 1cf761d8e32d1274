/// A container that uses an image, as reported by the container store when an image is about to be deleted.
public struct ImageUser: Sendable, Equatable {
    /// The container's full ID.
    public var containerID: String
    /// Whether it is running (a hard conflict) or stopped (a soft one, overridden by `force`).
    public var running: Bool

    /// A user of an image.
    public init(containerID: String, running: Bool) {
        self.containerID = containerID
        self.running = running
    }
}

/// Asked by `delete` which containers use an image (by its `sha256:` ID). It must answer synchronously from the
/// container store's current state (e.g. a `Mutex`-guarded index), so deletion cannot interleave with it.
public typealias ImageUsageCheck = @Sendable (_ imageID: String) -> [ImageUser]
