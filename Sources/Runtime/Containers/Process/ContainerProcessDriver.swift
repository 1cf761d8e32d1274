import Foundation

// The seam between the container store (records, names, lifecycle) and the process layer (namespaces, the
// per-container supervisor, logs, cgroups). The store is tested against a fake driver; the daemon wires in
// `SupervisorDriver`, which runs real processes.

/// Everything a container process needs, already resolved by the store: image defaults merged into the
/// container's config, the root filesystem mounted.
public struct ProcessSpec: Codable, Sendable, Equatable {
    /// The container's full ID (64 hex digits).
    public var containerID: String
    /// The absolute path of the container's mounted root filesystem.
    public var rootfs: String
    /// Entrypoint followed by Cmd; `args[0]` is looked up in the container's `PATH` inside `rootfs`.
    public var args: [String]
    /// `KEY=value` pairs (image defaults first, the container's own later; `PATH` and `HOSTNAME` filled in).
    public var env: [String]
    /// The working directory inside the container; created when missing, as Docker does.
    public var workingDir: String
    /// "" (root), `uid`, `uid:gid`, `name` or `name:group`, resolved against the container's `/etc/passwd`
    /// and `/etc/group`.
    public var user: String
    /// The container's hostname (Docker: the first 12 digits of its ID).
    public var hostname: String
    /// Whether the process gets a pseudo-terminal (stdout and stderr merged, raw stream).
    public var tty: Bool
    /// Whether stdin is kept open for attach clients.
    public var openStdin: Bool
    /// Whether stdin is closed after the first attach client detaches.
    public var stdinOnce: Bool
    /// `NetworkMode: none`: a new, empty network namespace (loopback only). Otherwise the host's network.
    public var networkDisabled: Bool
    /// `HostConfig.Binds`: host paths mounted into the container.
    public var binds: [BindMount]

    /// A process spec.
    public init(
        containerID: String, rootfs: String, args: [String], env: [String], workingDir: String = "/",
        user: String = "", hostname: String, tty: Bool = false, openStdin: Bool = false, stdinOnce: Bool = false,
        networkDisabled: Bool = false, binds: [BindMount] = []
    ) {
        self.containerID = containerID
        self.rootfs = rootfs
        self.args = args
        self.env = env
        self.workingDir = workingDir
        self.user = user
        self.hostname = hostname
        self.tty = tty
        self.openStdin = openStdin
        self.stdinOnce = stdinOnce
        self.networkDisabled = networkDisabled
        self.binds = binds
    }
}

/// A host path mounted into a container (`/host:/ctr[:ro]`).
public struct BindMount: Codable, Sendable, Equatable {
    public var source: String
    public var target: String
    public var readOnly: Bool

    /// A bind mount.
    public init(source: String, target: String, readOnly: Bool = false) {
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }
}

/// How a container process ended.
public struct ExitStatus: Codable, Sendable, Equatable {
    /// The exit code as Docker reports it: the process's status, or 128 + the signal that killed it.
    public var code: Int32
    /// When the supervisor saw it end.
    public var finishedAt: Date

    /// An exit status.
    public init(code: Int32, finishedAt: Date) {
        self.code = code
        self.finishedAt = finishedAt
    }
}

/// Which stream a piece of output came from.
public enum OutputStream: UInt8, Codable, Sendable {
    case stdin = 0, stdout = 1, stderr = 2
}

/// A piece of a container's output, as its supervisor relayed it.
public struct OutputChunk: Sendable, Equatable {
    public var stream: OutputStream
    public var bytes: [UInt8]

    /// An output chunk.
    public init(stream: OutputStream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// A live connection to a container's stdio through its supervisor.
public protocol AttachSession: Sendable {
    /// The container's output from the moment of attaching; finishes when the process has exited and all
    /// its output has been delivered, or when the session is closed.
    var output: AsyncStream<OutputChunk> { get }
    /// Writes to the container's stdin (only when attached with stdin and the container has `OpenStdin`).
    func writeStdin(_ bytes: [UInt8]) async throws
    /// Closes the container's stdin (the process sees end of file) when the container has `StdinOnce`;
    /// otherwise only this session's stdin ends.
    func closeStdin() async
    /// Detaches; the container keeps running.
    func close() async
}

/// A running container process, owned by its supervisor (which outlives the daemon).
public protocol ContainerProcess: Sendable {
    /// The container's first process, as seen from the host's PID namespace.
    var pid: Int32 { get }
    /// When it started.
    var startedAt: Date { get }
    /// Sends `signal` to the container's first process.
    func signal(_ signal: Int32) throws
    /// Returns when the process has exited (at once if it already has).
    func waitExit() async -> ExitStatus
    /// Attaches to the container's stdio.
    func attach(stdin: Bool) async throws -> any AttachSession
    /// Sets the size of the container's pseudo-terminal (no-op without a TTY).
    func resize(height: Int, width: Int) throws
    /// Freezes every process of the container (cgroup freezer, v1 or v2).
    func pause() throws
    /// Thaws it.
    func resume() throws
    /// The host PIDs of every process in the container (for `top`).
    func processIDs() throws -> [Int32]
}

/// What a supervisor left behind, found again after a daemon restart.
public enum RecoveredProcess: Sendable {
    /// The supervisor and the container process are still running; here is a live handle again.
    case running(any ContainerProcess)
    /// The process ended (while the daemon was down, perhaps): its recorded exit status.
    case exited(ExitStatus)
    /// Nothing usable (never started, or the supervisor died without recording an exit): treat as exited
    /// with code 255 and say so in the log.
    case lost
}

/// A container root filesystem, mounted.
public struct RootfsMount: Codable, Sendable, Equatable {
    /// Where the merged tree is (the container's `/`).
    public var path: String
    /// The writable directory holding the container's changes (overlay upper dir, or the full copy).
    public var upperDirectory: String
    /// `true` when overlayfs is used; `false` for the copy fallback.
    public var isOverlay: Bool

    /// A rootfs mount.
    public init(path: String, upperDirectory: String, isOverlay: Bool) {
        self.path = path
        self.upperDirectory = upperDirectory
        self.isOverlay = isOverlay
    }
}

/// Runs container processes. All paths are absolute; the bundle directory belongs to one container and is
/// where the driver keeps its state (supervisor pid, exit status, attach socket).
public protocol ContainerProcessDriver: Sendable {
    /// Checks the host can isolate containers (root, namespaces); the reason when it cannot, which the store
    /// reports on `start` instead of running anything unisolated.
    func unavailableReason() -> String?
    /// Mounts the root filesystem: `layers` are the image's extracted layer directories, lowest first;
    /// `upper`, `work` and `target` are directories the driver may create.
    func mountRootfs(layers: [String], upper: String, work: String, target: String) throws -> RootfsMount
    /// Unmounts what `mountRootfs` mounted (a no-op if not mounted).
    func unmountRootfs(_ mount: RootfsMount) throws
    /// Starts a supervised process for `spec`. Returns once the process has been exec'd; throws with the
    /// reason otherwise (e.g. `exec: "nosuch": executable file not found in $PATH`), as a `DaemonError` of
    /// kind invalidParameter (bad command) or system.
    /// Output is appended to `logPath` in Docker's json-file format by the supervisor.
    func start(_ spec: ProcessSpec, bundle: String, logPath: String) async throws -> any ContainerProcess
    /// Finds what a supervisor left under `bundle` after a daemon restart.
    func recover(bundle: String) async -> RecoveredProcess
}
