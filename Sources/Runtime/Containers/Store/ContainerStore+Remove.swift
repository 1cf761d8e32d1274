import Errdefs
import Foundation

/// What `wait` waits for.
public enum WaitCondition: String, Sendable {
    /// Until the container is not running (at once if it is not).
    case notRunning = "not-running"
    /// Until its next exit.
    case nextExit = "next-exit"
    /// Until it is removed.
    case removed

    /// Parses the `condition` parameter (empty: `not-running`); 400 for anything else.
    public init(parameter: String?) throws {
        guard let parameter, !parameter.isEmpty else {
            self = .notRunning
            return
        }
        guard let condition = WaitCondition(rawValue: parameter) else {
            throw DaemonError.invalidParameter("invalid condition: \"\(parameter)\"")
        }
        self = condition
    }
}

/// A registered wait: registering happens at once (so a `start` that follows cannot be missed); the exit
/// code comes later.
public struct ContainerWaiter: Sendable {
    let immediate: Int32?
    let latch: ExitLatch?

    /// The exit code, once the condition holds.
    public func exitCode() async -> Int32 {
        if let immediate { return immediate }
        return await latch!.value()
    }
}

extension ContainerStore {
    /// `POST /containers/{name}/wait`: registers the wait now (404 when there is no such container) and
    /// returns what delivers the exit code.
    public func waiter(_ nameOrID: String, condition: WaitCondition) throws -> ContainerWaiter {
        let entry = try entry(nameOrID)
        switch condition {
        case .notRunning where !entry.record.State.isRunning:
            return ContainerWaiter(immediate: entry.record.State.ExitCode, latch: nil)
        case .notRunning, .nextExit:
            return ContainerWaiter(immediate: nil, latch: entry.nextExit)
        case .removed:
            return ContainerWaiter(immediate: nil, latch: entry.removed)
        }
    }

    /// `POST /containers/{name}/wait` in one call.
    public func wait(_ nameOrID: String, condition: WaitCondition = .notRunning) async throws -> Int32 {
        await (try waiter(nameOrID, condition: condition)).exitCode()
    }

    /// `DELETE /containers/{name}`: 409 while running unless `force` (which kills it first); unmounts the
    /// root filesystem and deletes the container's directory; event `destroy`.
    public func remove(_ nameOrID: String, force: Bool = false, removeVolumes: Bool = false) async throws {
        let id = try resolveID(nameOrID)
        let record = containers[id]!.record
        if record.State.Status == .removing {
            throw DaemonError.conflict("removal of container \(nameOrID) is already in progress")
        }
        if record.State.isRunning {
            guard force else {
                throw DaemonError.conflict(
                    "cannot remove container \"\(record.Name)\": container is \(record.State.Status.rawValue): stop the container before removing or force remove")
            }
            if let process = containers[id]!.process {
                containers[id]!.stopping = true
                let exited = containers[id]!.nextExit
                try? process.signal(SIGKILL)
                publish("kill", record, ["signal": String(SIGKILL)])
                if containers[id]!.record.State.Status == .paused { try? process.resume() }
                _ = await exited.value()
            }
        }
        guard let entry = containers[id] else { return }
        update(id) { $0.State.Status = .removing }
        do {
            try await removeFiles(id, mount: entry.record.Rootfs)
        } catch {
            update(id) {
                $0.State.Status = .dead
                $0.State.Error = "\(error)"
            }
            throw DaemonError.system("unable to remove filesystem for \(id): \(error)")
        }
        containers[id] = nil
        names[entry.record.Name] = nil
        usage.remove(id)
        publish("destroy", entry.record)
        for attach in entry.pendingAttaches { attach.abandon() }
        entry.nextExit.resolve(entry.record.State.ExitCode)
        entry.removed.resolve(entry.record.State.ExitCode)
    }

    /// Unmounts, then moves the directory aside in one rename (so a crash never leaves half a container with
    /// its record) and deletes it there.
    private func removeFiles(_ id: String, mount: RootfsMount?) async throws {
        let (driver, directory) = (driver, layout.directory(id))
        let trash = layout.trash(id)
        try await BlockingWork.run {
            if let mount { try driver.unmountRootfs(mount) }
            guard rename(directory.path, trash.path) == 0 else {
                throw POSIXFailure(operation: "rename", path: directory.path)
            }
            try? AtomicFile.syncDirectory(directory.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: trash)
        }
    }
}
