import Errdefs
import Foundation
import Logging

/// The embedded container store: container records on disk under one root, their lifecycle (create, start,
/// stop, kill, pause, wait, remove …) and the live process handles the `ContainerProcessDriver` gives out.
/// An actor on its own serial executor: records are written (atomically, with fsync) inside it; waiting for
/// processes happens outside it.
///
/// Operations live in `ContainerStore+<Operation>.swift`.
public actor ContainerStore {
    /// A container as the store holds it in memory.
    struct Entry {
        var record: ContainerRecord
        /// The live process while running.
        var process: (any ContainerProcess)?
        /// Counts starts, so that the exit of an earlier run is never mistaken for the current one's.
        var run: UInt64 = 0
        /// Resolved with the exit code at the next exit.
        var nextExit = ExitLatch()
        /// Resolved with the exit code when the container is removed.
        var removed = ExitLatch()
        /// Clients attached before the process started (`docker run` attaches, then starts).
        var pendingAttaches: [PendingAttach] = []
        /// Set while `stop`/`kill`/`rm` are ending it on purpose (a restart policy does not apply then).
        var stopping = false
        /// Set while `start` mounts and launches (other requests may run in between).
        var starting = false
    }

    let layout: ContainerLayout
    let images: ImageStore
    let events: EventBus
    let driver: any ContainerProcessDriver
    let logger: Logger
    /// The image-usage and running index, readable without awaiting the actor.
    public nonisolated let usage = ContainerUsageIndex()

    var containers: [String: Entry] = [:]
    /// Name (with its slash) → ID.
    var names: [String: String] = [:]

    private nonisolated let executor = StoreExecutor(label: "daemon-tui.containers.store")

    /// The store runs on a serial queue of its own, never on the cooperative pool (see `BlockingWork`).
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens the store under `root` (the daemon passes `<data-root>/containers`), reading every record; a
    /// corrupt one is skipped with a warning. Call `recover()` next (or use `make`).
    public init(root: URL, images: ImageStore, events: EventBus, driver: any ContainerProcessDriver, logger: Logger) throws {
        layout = ContainerLayout(root: URL(fileURLWithPath: root.path).resolvingSymlinksInPath())
        try layout.create()
        self.images = images
        self.events = events
        self.driver = driver
        self.logger = logger
        for record in ContainerRecovery.loadRecords(layout: layout, logger: logger) {
            containers[record.ID] = Entry(record: record)
            names[record.Name] = record.ID
            usage.update(record)
        }
    }

    /// Opens the store off the cooperative pool, then reconciles the records with what the supervisors left
    /// running (see `recover()`).
    public static func make(
        root: URL, images: ImageStore, events: EventBus, driver: any ContainerProcessDriver, logger: Logger
    ) async throws -> ContainerStore {
        let store = try await BlockingWork.run {
            try ContainerStore(root: root, images: images, events: events, driver: driver, logger: logger)
        }
        await store.recover()
        return store
    }

    // MARK: - Lookup

    /// The ID of the container a user means: full ID, name (with or without slash), or unique ID prefix.
    /// Throws 404 `No such container: X`.
    func resolveID(_ nameOrID: String) throws -> String {
        if containers[nameOrID] != nil { return nameOrID }
        let name = nameOrID.hasPrefix("/") ? nameOrID : "/" + nameOrID
        if let id = names[name] { return id }
        if !nameOrID.isEmpty, nameOrID.allSatisfy(\.isHexDigit) {
            let matches = containers.keys.filter { $0.hasPrefix(nameOrID) }
            if matches.count > 1 {
                throw DaemonError.invalidParameter("multiple IDs found with provided prefix: \(nameOrID)")
            }
            if let id = matches.first { return id }
        }
        throw DaemonError.notFound("No such container: \(nameOrID)")
    }

    /// The full ID of the container a user means (see `resolveID`).
    public func resolve(_ nameOrID: String) throws -> String {
        try resolveID(nameOrID)
    }

    /// The number of containers (for `/info`), and how many are running, paused and stopped.
    public var counts: (total: Int, running: Int, paused: Int, stopped: Int) {
        let states = containers.values.map(\.record.State.Status)
        let running = states.filter { $0 == .running || $0 == .restarting }.count
        let paused = states.filter { $0 == .paused }.count
        return (states.count, running, paused, states.count - running - paused)
    }

    // MARK: - Persistence and events

    /// Writes the record of `id` (atomically) and refreshes the usage index.
    func save(_ id: String) throws {
        guard let record = containers[id]?.record else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            try AtomicFile.write(try encoder.encode(record), to: layout.record(id))
        } catch {
            throw DaemonError.system("cannot write the record of container \(id): \(error)")
        }
        usage.update(record)
    }

    /// Changes the record of `id` and saves it; a failed write is logged (the state in memory is still true).
    func update(_ id: String, _ change: (inout ContainerRecord) -> Void) {
        guard containers[id] != nil else { return }
        change(&containers[id]!.record)
        do {
            try save(id)
        } catch {
            logger.error("cannot save container record", metadata: ["container": "\(id)", "error": "\(error)"])
        }
    }

    /// Publishes a container event with dockerd's actor attributes: the image as given, the name, the labels,
    /// plus `extra`.
    func publish(_ action: String, _ record: ContainerRecord, _ extra: [String: String] = [:]) {
        var attributes = record.Config.Labels ?? [:]
        attributes["image"] = record.Config.Image ?? record.Image
        attributes["name"] = record.shortName
        attributes.merge(extra) { _, new in new }
        events.publish(DaemonEvent(type: "container", action: action, actorID: record.ID, attributes: attributes))
    }

    /// The entry of `nameOrID`, or 404.
    func entry(_ nameOrID: String) throws -> Entry {
        containers[try resolveID(nameOrID)]!
    }
}
