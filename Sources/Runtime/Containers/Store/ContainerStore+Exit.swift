import Foundation

extension ContainerStore {
    /// Watches a started (or recovered) process until it exits.
    func monitor(_ id: String, process: any ContainerProcess, run: UInt64) {
        Task {
            let status = await process.waitExit()
            self.processExited(id, run: run, status: status)
        }
    }

    private func processExited(_ id: String, run: UInt64, status: ExitStatus) {
        guard let entry = containers[id], entry.run == run, entry.process != nil else { return }
        recordExit(id, code: status.code, at: status.finishedAt)
    }

    /// The process has ended: state `exited` with its code and time, event `die`, waiters told; `--rm`
    /// containers are removed, restart policies applied.
    func recordExit(_ id: String, code: Int32, at finishedAt: Date) {
        guard let entry = containers[id] else { return }
        containers[id]!.process = nil
        update(id) {
            $0.State.Status = .exited
            $0.State.Pid = 0
            $0.State.ExitCode = code
            $0.State.FinishedAt = finishedAt
        }
        publish("die", containers[id]!.record, ["exitCode": String(code)])
        let latch = entry.nextExit
        containers[id]!.nextExit = ExitLatch()
        latch.resolve(code)
        if entry.record.HostConfig.AutoRemove == true {
            Task { await self.autoRemove(id, exitCode: code) }
        } else if !entry.stopping, Self.shouldRestart(entry.record, exitCode: code) {
            Task { await self.restartByPolicy(id) }
        }
    }

    func autoRemove(_ id: String, exitCode: Int32) async {
        guard containers[id] != nil else { return }
        do {
            try await remove(id, force: true)
        } catch {
            logger.warning("cannot auto-remove container", metadata: ["container": "\(id)", "error": "\(error)"])
        }
    }

    static func shouldRestart(_ record: ContainerRecord, exitCode: Int32) -> Bool {
        let policy = record.HostConfig.RestartPolicy ?? RestartPolicy()
        switch policy.Name {
        case "always", "unless-stopped": return true
        case "on-failure":
            return exitCode != 0 && (policy.MaximumRetryCount == 0 || record.RestartCount < policy.MaximumRetryCount)
        default: return false
        }
    }

    /// Restarts a container its restart policy brings back, after Docker's initial back-off (100 ms,
    /// doubling with each restart, at most a minute).
    private func restartByPolicy(_ id: String) async {
        let count = containers[id]?.record.RestartCount ?? 0
        let delay = min(100 * (1 << min(count, 10)), 60_000)
        try? await Task.sleep(for: .milliseconds(delay))
        guard let entry = containers[id], entry.record.State.Status == .exited, !entry.stopping else { return }
        update(id) { $0.RestartCount += 1 }
        do {
            try await start(id)
        } catch {
            logger.warning("restart policy could not restart container", metadata: ["container": "\(id)", "error": "\(error)"])
        }
    }
}
