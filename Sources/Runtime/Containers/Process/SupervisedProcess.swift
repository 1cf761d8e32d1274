import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The driver's handle on a container process run by a supervisor: everything goes through the bundle
/// (`start.json`, `exit.json`, `attach.sock`) and the kernel (signals, the cgroup), so a handle made again
/// after a daemon restart works exactly like the first.
struct SupervisedProcess: ContainerProcess {
    let bundle: SupervisorBundle
    let record: SupervisorStartRecord
    /// The container, for messages.
    let containerID: String
    /// The attach connection made as the process started (none after a recovery).
    var primary: PrimaryAttach? = nil

    var pid: Int32 { record.pid }
    var startedAt: Date { record.startedAt }

    func signal(_ signal: Int32) throws {
        // The PID may belong to another process by now: only signal the one that started with the container.
        guard ProcessStat.isAlive(record.pid, startTime: record.pidStartTime) else { throw notRunning() }
        guard kill(record.pid, signal) == 0 else {
            if errno == ESRCH { throw notRunning() }
            throw DaemonError.system("cannot send signal \(signal) to \(record.pid): \(String(cString: strerror(errno)))")
        }
        // A frozen process cannot die: killing a paused container thaws it (as Docker does).
        if signal == SIGKILL, let cgroup = record.cgroup, (try? cgroup.isFrozen()) == true { try? cgroup.thaw() }
    }

    func waitExit() async -> ExitStatus {
        if let status = exitStatus() { return status }
        return (try? await BlockingWork.run { ExitWatcher(bundle: bundle, record: record).wait() })
            ?? ExitStatus(code: 255, finishedAt: Date())
    }

    func attach(stdin: Bool) async throws -> any AttachSession {
        try await attach(stdin: stdin, includingOutputSinceStart: false)
    }

    func attach(stdin: Bool, includingOutputSinceStart: Bool) async throws -> any AttachSession {
        if includingOutputSinceStart, let session = primary?.claim() {
            if stdin { try await session.enableStdin() }
            return session
        }
        let bundle = self.bundle
        let hello: AttachFrame.Hello = stdin ? [.stdin] : []
        return try await BlockingWork.run { try SupervisorAttachSession.open(bundle: bundle, flags: hello) }
    }

    func resize(height: Int, width: Int) throws {
        guard (0...Int(UInt16.max)).contains(height), (0...Int(UInt16.max)).contains(width) else {
            throw DaemonError.invalidParameter("invalid terminal size \(height)x\(width)")
        }
        let fd = try AttachListener.connect(bundle: bundle.path)
        defer { close(fd) }
        let frames = AttachFrame.hello(.controlOnly).encoded + AttachFrame.resize(height: UInt16(height), width: UInt16(width)).encoded
        guard SupervisorAttachSession.sendAll(fd, frames) else { throw notRunning() }
        // Wait for `ready`: the supervisor handles frames in order, so the resize is applied by then.
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64)
        while (try? AttachFrame.take(from: &buffer)) == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            buffer += chunk[0..<n]
        }
    }

    func pause() throws {
        try freezer().freeze()
    }

    func resume() throws {
        try freezer().thaw()
    }

    func processIDs() throws -> [Int32] {
        if let cgroup = record.cgroup, let pids = try? cgroup.processIDs() { return pids }
        return PIDNamespaceScan.processes(sharingNamespaceWith: record.pid)
    }

    /// The exit status the supervisor recorded, if the process has exited.
    func exitStatus() -> ExitStatus? {
        bundle.read(ExitStatus.self, from: bundle.exit)
    }

    private func freezer() throws -> CgroupFreezer {
        guard let cgroup = record.cgroup else {
            throw DaemonError.system("pause needs a freezer cgroup, and this host has none for containers")
        }
        guard ProcessStat.isAlive(record.pid, startTime: record.pidStartTime) else { throw notRunning() }
        return cgroup
    }

    private func notRunning() -> DaemonError {
        DaemonError.conflict("Container \(containerID) is not running")
    }
}

/// Finds the processes of a container without a cgroup: those in the same PID namespace as its first one.
enum PIDNamespaceScan {
    static func processes(sharingNamespaceWith pid: Int32) -> [Int32] {
        guard let target = namespace(of: pid) else { return [] }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { namespace(of: $0) == target }.sorted()
    }

    private static func namespace(of pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/pid")
    }
}
