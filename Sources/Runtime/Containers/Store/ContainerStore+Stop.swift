import Errdefs
import Foundation
import Signals

extension ContainerStore {
    /// `POST /containers/{name}/stop`: the stop signal (`signal`, else the container's `StopSignal`, else
    /// SIGTERM), then SIGKILL after `timeout` seconds (else `StopTimeout`, else 10; -1 waits for ever).
    /// Returns once the exit is recorded. 304 when not running; events `kill`, `die`, `stop`.
    public func stop(_ nameOrID: String, timeout: Int? = nil, signal: String? = nil) async throws {
        let id = try resolveID(nameOrID)
        let entry = containers[id]!
        guard entry.record.State.isRunning, let process = entry.process else { throw DaemonError.notModified() }
        let stopSignal = try SignalName.number(signal ?? entry.record.Config.StopSignal.flatMap { $0.isEmpty ? nil : $0 } ?? "SIGTERM")
        let seconds = timeout ?? entry.record.Config.StopTimeout ?? 10
        containers[id]!.stopping = true
        let exited = entry.nextExit
        if try await deliver(stopSignal, to: process, of: id, exited: exited) {
            let limit: Duration? = seconds < 0 ? nil : .seconds(seconds)
            if await exited.value(timeout: limit) == nil {
                logger.info("container did not stop in time; killing it", metadata: ["container": "\(id)", "timeout": "\(seconds)"])
                if try await deliver(SIGKILL, to: process, of: id, exited: exited) { _ = await exited.value() }
            }
        }
        if let record = containers[id]?.record { publish("stop", record) }
    }

    /// `POST /containers/{name}/kill`: sends `signal` (name or number; default SIGKILL). 409 when not
    /// running; event `kill`. For SIGKILL it returns once the exit is recorded.
    public func kill(_ nameOrID: String, signal: String? = nil) async throws {
        let id = try resolveID(nameOrID)
        let number = try SignalName.number(signal.flatMap { $0.isEmpty ? nil : $0 } ?? "SIGKILL")
        let entry = containers[id]!
        guard entry.record.State.isRunning, let process = entry.process else {
            throw DaemonError.conflict("cannot kill container: \(nameOrID): container \(id) is not running")
        }
        if number == SIGKILL || number == SIGTERM || number == SIGINT { containers[id]!.stopping = true }
        let exited = entry.nextExit
        guard try await deliver(number, to: process, of: id, exited: exited) else {
            throw DaemonError.conflict("cannot kill container: \(nameOrID): container \(id) is not running")
        }
        if number == SIGKILL { _ = await exited.value() }
    }

    /// `POST /containers/{name}/restart`: stop (if running), then start; event `restart`.
    public func restart(_ nameOrID: String, timeout: Int? = nil, signal: String? = nil) async throws {
        let id = try resolveID(nameOrID)
        do {
            try await stop(id, timeout: timeout, signal: signal)
        } catch let error as DaemonError where error.kind == .notModified {
            // Not running: restart just starts it.
        }
        try await start(id)
        if let record = containers[id]?.record { publish("restart", record) }
    }

    /// Sends a signal and publishes `kill`; a paused container is thawed after it so the signal takes effect.
    /// Returns false when the process had already ended (its exit is being recorded: `exited` resolves).
    private func deliver(_ signal: Int32, to process: any ContainerProcess, of id: String, exited: ExitLatch) async throws -> Bool {
        do {
            try process.signal(signal)
        } catch {
            // The process may have ended just now, before its supervisor's report reached the store.
            if await exited.value(timeout: .seconds(2)) != nil { return false }
            throw DaemonError.system("cannot send signal \(signal) to container \(id): \(error)")
        }
        guard containers[id] != nil else { return true }
        publish("kill", containers[id]!.record, ["signal": String(signal)])
        if containers[id]!.record.State.Status == .paused {
            try? process.resume()
            update(id) { $0.State.Status = .running }
        }
        return true
    }
}
