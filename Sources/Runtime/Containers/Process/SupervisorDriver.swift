import CContainer
import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `ContainerProcessDriver`: each container process runs under a supervisor (`daemon-tui
/// __supervise <bundle>`, see `Supervisor`) in a session of its own, which outlives the daemon; the driver
/// talks to it only through the bundle directory, so a restarted daemon finds it again with `recover`.
public struct SupervisorDriver: ContainerProcessDriver {
    /// The `daemon-tui` executable the supervisor is started from.
    public let executable: String
    private let mounter: RootfsMounter
    /// How long the start's own attach connection waits to be claimed (see `PrimaryAttach`).
    private let claimWindow: Duration

    /// A driver starting supervisors from `executable` (the daemon passes `/proc/self/exe`'s target).
    /// `overlay: false` always copies layers instead of mounting overlayfs. `claimWindow`: how long after a
    /// start `attach(stdin:includingOutputSinceStart: true)` can still get the output from the first byte.
    public init(executable: String, overlay: Bool = true, claimWindow: Duration = .seconds(5)) {
        self.executable = executable
        mounter = RootfsMounter(overlay: overlay)
        self.claimWindow = claimWindow
    }

    /// Why containers cannot run here (not root, namespaces refused, the executable missing), or nil.
    public func unavailableReason() -> String? {
        if geteuid() != 0 {
            return "containers need root (Linux namespaces, mounts and cgroups): daemon-tui runs as uid \(geteuid())"
        }
        let code = Self.namespaceProbe
        if code != 0 {
            return "this host does not allow new mount, PID, UTS and IPC namespaces (unshare: \(String(cString: strerror(code))))"
        }
        if !FileManager.default.isExecutableFile(atPath: executable) {
            return "the supervisor executable \(executable) is missing"
        }
        return nil
    }

    /// Mounts `layers` (lowest first) with overlayfs on `target`, or copies them into `upper` where overlayfs
    /// is unavailable.
    public func mountRootfs(layers: [String], upper: String, work: String, target: String) throws -> RootfsMount {
        try mounter.mount(layers: layers, upper: upper, work: work, target: target)
    }

    /// Unmounts an overlay root filesystem (lazily: a process still inside keeps it alive).
    public func unmountRootfs(_ mount: RootfsMount) throws {
        try mounter.unmount(mount)
    }

    /// Starts a supervisor for `spec` and returns once the process has been exec'd (or throws why not).
    public func start(_ spec: ProcessSpec, bundle path: String, logPath: String) async throws -> any ContainerProcess {
        guard !spec.args.isEmpty else { throw DaemonError.invalidParameter("No command specified") }
        let bundle = SupervisorBundle(path: path)
        let executable = self.executable
        let driver = self
        let process = try await BlockingWork.run {
            if let reason = driver.unavailableReason() { throw DaemonError.system(reason) }
            if let previous = bundle.read(SupervisorStartRecord.self, from: bundle.start),
                bundle.read(ExitStatus.self, from: bundle.exit) == nil,
                ProcessStat.isAlive(previous.supervisorPID, startTime: previous.supervisorStartTime)
            {
                throw DaemonError.conflict("container \(spec.containerID) is already running")
            }
            try Self.prepare(bundle, launch: SupervisorLaunch(spec: spec, logPath: logPath))
            let primary = try Self.spawnSupervisor(executable: executable, bundle: bundle)
            if let failure = bundle.read(SupervisorStartFailure.self, from: bundle.error) { throw failure.daemonError }
            guard let record = bundle.read(SupervisorStartRecord.self, from: bundle.start) else {
                throw DaemonError.system("the supervisor exited without starting the container: \(Self.supervisorLogTail(bundle))")
            }
            return SupervisedProcess(
                bundle: bundle, record: record, containerID: spec.containerID, primary: primary.map(PrimaryAttach.init))
        }
        process.primary?.expire(after: claimWindow)
        return process
    }

    /// What the supervisor of `bundle` left: still running, exited (with its recorded status) or lost (and
    /// then its container, if still alive, is killed).
    public func recover(bundle path: String) async -> RecoveredProcess {
        let bundle = SupervisorBundle(path: path)
        return (try? await BlockingWork.run { () -> RecoveredProcess in
            guard let launch = bundle.read(SupervisorLaunch.self, from: bundle.spec) else { return .lost }
            if let status = bundle.read(ExitStatus.self, from: bundle.exit) { return .exited(status) }
            guard let record = bundle.read(SupervisorStartRecord.self, from: bundle.start) else { return .lost }
            if ProcessStat.isAlive(record.supervisorPID, startTime: record.supervisorStartTime) {
                return .running(SupervisedProcess(bundle: bundle, record: record, containerID: launch.spec.containerID))
            }
            // It may have recorded the exit between the two looks.
            if let status = bundle.read(ExitStatus.self, from: bundle.exit) { return .exited(status) }
            Orphan.kill(record)
            return .lost
        }) ?? .lost
    }

    /// The errno of trying the container namespaces once (0: allowed); it does not change while we run.
    private static let namespaceProbe = cc_probe_unshare(cc_container_namespace_flags())

    // MARK: - Starting a supervisor

    /// Writes `spec.json` and clears what a previous run of the container left in the bundle.
    private static func prepare(_ bundle: SupervisorBundle, launch: SupervisorLaunch) throws {
        do {
            try FileManager.default.createDirectory(atPath: bundle.path, withIntermediateDirectories: true)
            for file in [bundle.start, bundle.error, bundle.exit] { unlink(file) }
            AtomicFile.removeLeftovers(in: URL(fileURLWithPath: bundle.path))
            try bundle.write(launch, to: bundle.spec)
        } catch {
            throw DaemonError.system("cannot prepare the bundle \(bundle.path): \(error)")
        }
    }

    /// Starts the supervisor detached (double fork: it is not the daemon's child, and the intermediate child
    /// is reaped at once) and blocks until it has reported on its status pipe (or died). When it says it is
    /// listening, connects the start's own attach session (returned) before the process exists.
    private static func spawnSupervisor(executable: String, bundle: SupervisorBundle) throws -> SupervisorAttachSession? {
        var fds: [Int32] = [0, 0]
        let piped = cc_pipe(&fds)
        guard piped == 0 else { throw DaemonError.system("pipe: \(String(cString: strerror(-piped)))") }
        let arena = CArena()
        let argv = arena.strings([executable, Supervisor.argument, bundle.path])
        let envp = arena.strings(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
        // C's `char *const argv[]`: the same pointers, typed as mutable.
        let spawned = cc_spawn_detached(
            executable, UnsafeRawPointer(argv).assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self),
            UnsafeRawPointer(envp).assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self), fds[1], bundle.supervisorLog)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else {
            throw DaemonError.system("cannot start the supervisor \(executable): \(String(cString: strerror(-spawned)))")
        }
        var status: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        var primary: SupervisorAttachSession?
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            status += buffer[0..<n]
            if primary == nil, status.starts(with: Array("listening\n".utf8)) {
                primary = try? SupervisorAttachSession.open(bundle: bundle, flags: [])
            }
        }
        withExtendedLifetime(arena) {}
        return primary
    }

    private static func supervisorLogTail(_ bundle: SupervisorBundle) -> String {
        let text = (try? String(contentsOfFile: bundle.supervisorLog, encoding: .utf8)) ?? ""
        let tail = text.split(whereSeparator: \.isNewline).suffix(3).joined(separator: "; ")
        return tail.isEmpty ? "no output" : tail
    }
}
