import Errdefs
import Foundation

extension ContainerStore {
    /// `POST /containers/{name}/pause`: freezes every process; 409 when not running or already paused;
    /// event `pause`.
    public func pause(_ nameOrID: String) throws {
        let id = try resolveID(nameOrID)
        let entry = containers[id]!
        if entry.record.State.Status == .paused { throw DaemonError.conflict("Container \(id) is already paused") }
        guard entry.record.State.isRunning, let process = entry.process else {
            throw DaemonError.conflict("Container \(id) is not running")
        }
        do {
            try process.pause()
        } catch {
            throw DaemonError.system("cannot pause container \(id): \(error)")
        }
        update(id) { $0.State.Status = .paused }
        publish("pause", containers[id]!.record)
    }

    /// `POST /containers/{name}/unpause`: thaws it; 409 when not paused; event `unpause`.
    public func unpause(_ nameOrID: String) throws {
        let id = try resolveID(nameOrID)
        let entry = containers[id]!
        guard entry.record.State.Status == .paused, let process = entry.process else {
            throw DaemonError.conflict("Container \(id) is not paused")
        }
        do {
            try process.resume()
        } catch {
            throw DaemonError.system("cannot unpause container \(id): \(error)")
        }
        update(id) { $0.State.Status = .running }
        publish("unpause", containers[id]!.record)
    }
}
