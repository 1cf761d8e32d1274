import Errdefs
import Foundation

extension ContainerStore {
    /// `DELETE /containers/{name}`: 409 while running unless `force` (which kills it first); unmounts the
    /// root filesystem and deletes the container's directory; event `destroy`.
    public func remove(_ nameOrID: String, force: Bool = false, removeVolumes: Bool = false) async throws {
        let id = try resolveID(nameOrID)
        let record = containers[id]!.record
        if record.State.Status == .removing {
            throw DaemonError.conflict("removal of container \(nameOrID) is already in progress")
        }
        if containers[id]!.starting {
            throw DaemonError.conflict("cannot remove container \"\(record.Name)\": container is starting: try again")
        }
        if record.State.isRunning {
            guard force else {
                let procedure = (record.State.Status == .paused ? "unpause and then " : "") + "stop the container before removing or force remove"
                throw DaemonError.conflict(
                    "cannot remove container \"\(record.Name)\": container is \(record.State.Status.rawValue): \(procedure)")
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
