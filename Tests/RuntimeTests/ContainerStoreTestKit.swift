import Foundation
import Synchronization
import TestSupport
@testable import Runtime

/// An image store with a tiny image, and a container store over it with a fake driver.
struct ContainerFixture {
    let images: ImageTestKit.Fixture
    let imageStore: ImageStore
    let driver: FakeContainerDriver
    var root: URL { images.directory.url.appendingPathComponent("containers") }
    var events: EventBus { images.events }
    var logs: ImageTestKit.LogCapture { images.logs }

    /// `changes` configure the image tagged `app` (e.g. `CMD ["sh"]`).
    init(changes: [String] = ["CMD [\"sleep\"]"], driver: FakeContainerDriver = FakeContainerDriver()) async throws {
        images = try ImageTestKit.Fixture()
        imageStore = try images.open()
        self.driver = driver
        try await images.importFiles(imageStore, ["etc/app": "1"], repository: "app", changes: changes)
    }

    /// Opens (or reopens, as after a daemon restart) the container store.
    func open(driver: FakeContainerDriver? = nil) async throws -> ContainerStore {
        try await ContainerStore.make(root: root, images: imageStore, events: events, driver: driver ?? self.driver,
                                      logger: logs.logger)
    }

    func remove() { images.remove() }

    /// A container config for image `app` running `cmd`.
    static func config(_ cmd: [String]? = nil, image: String = "app", _ change: (inout ImageRunConfig) -> Void = { _ in }) -> ImageRunConfig {
        var config = ImageRunConfig()
        config.Image = image
        config.Cmd = cmd
        change(&config)
        return config
    }
}

/// Collects the container events published on a bus.
final class EventLog: Sendable {
    private final class Seen: Sendable {
        let events = Mutex<[DaemonEvent]>([])
    }

    private let box = Seen()
    private let task: Task<Void, Never>

    init(_ bus: EventBus) {
        let stream = bus.subscribe()
        let box = self.box
        task = Task { for await event in stream where event.type == "container" { box.events.withLock { $0.append(event) } } }
    }

    deinit { task.cancel() }

    /// The actions so far, in order.
    var actions: [String] { box.events.withLock { $0.map(\.action) } }

    /// The events with `action`.
    func events(_ action: String) -> [DaemonEvent] { box.events.withLock { $0.filter { $0.action == action } } }

    /// Waits until `action` has been seen `count` times (events are delivered asynchronously).
    func waitFor(_ action: String, count: Int = 1) async throws {
        try await waitUntil(timeout: 5) { self.events(action).count >= count }
    }
}
