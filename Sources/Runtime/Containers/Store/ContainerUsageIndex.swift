import Foundation
import Synchronization

/// Which containers use which image, and which containers run, readable synchronously from any thread: the
/// image store asks it before deleting an image (it cannot await the container store there), and log
/// readers ask it whether to keep following.
public final class ContainerUsageIndex: Sendable {
    private struct Entry {
        var imageID: String
        var running: Bool
    }

    private let entries = Mutex<[String: Entry]>([:])

    init() {}

    /// Records (or updates) a container.
    func update(_ record: ContainerRecord) {
        entries.withLock { $0[record.ID] = Entry(imageID: record.Image, running: record.State.isRunning) }
    }

    /// Forgets a removed container.
    func remove(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// The containers using image `imageID` (`sha256:…`), for `ImageStore.setUsageCheck`.
    public func users(of imageID: String) -> [ImageUser] {
        entries.withLock { entries in
            entries.filter { $0.value.imageID == imageID }
                .map { ImageUser(containerID: $0.key, running: $0.value.running) }
                .sorted { $0.containerID < $1.containerID }
        }
    }

    /// Whether container `id` has a live process.
    public func isRunning(_ id: String) -> Bool {
        entries.withLock { $0[id]?.running ?? false }
    }

    /// How many containers there are, and how many run (for `/info`).
    public var counts: (total: Int, running: Int) {
        entries.withLock { entries in (entries.count, entries.values.filter(\.running).count) }
    }
}
