import Errdefs
import Foundation
import Synchronization
@testable import Runtime

/// A process driver for the container store's tests: no namespaces, no root. Its "processes" are objects
/// that behave by their command:
/// - `exit N`: exits with N as soon as it starts;
/// - `stubborn`: ignores SIGTERM (only SIGKILL ends it);
/// - `unattachable`: refuses attach, as a process that ended before the store could attach does;
/// - anything else: runs until a signal ends it (exit 128 + signal) or the test calls `exit(_:)`.
/// `nosuch` cannot be started. Every spec is recorded.
final class FakeContainerDriver: ContainerProcessDriver {
    private struct State {
        var specs: [ProcessSpec] = []
        var processes: [String: FakeContainerProcess] = [:]
        var recoveries: [String: RecoveredProcess] = [:]
        var mounts: [String: [String]] = [:]
        var unmounted: [String] = []
    }

    private let state = Mutex(State())
    private let unavailable: String?

    init(unavailable: String? = nil) { self.unavailable = unavailable }

    /// The specs the store asked to start, in order.
    var specs: [ProcessSpec] { state.withLock { $0.specs } }

    /// The latest process started for a container.
    func process(_ containerID: String) -> FakeContainerProcess? { state.withLock { $0.processes[containerID] } }

    /// What `recover(bundle:)` answers for a container (default: `.lost`).
    func setRecovery(_ containerID: String, _ recovered: RecoveredProcess) {
        state.withLock { $0.recoveries[containerID] = recovered }
    }

    /// The layer directories each mount target was given.
    func layers(mountedAt target: String) -> [String]? { state.withLock { $0.mounts[target] } }

    /// The mount targets unmounted so far.
    var unmounted: [String] { state.withLock { $0.unmounted } }

    func unavailableReason() -> String? { unavailable }

    func mountRootfs(layers: [String], upper: String, work: String, target: String) throws -> RootfsMount {
        for directory in [upper, work, target] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        state.withLock { $0.mounts[target] = layers }
        return RootfsMount(path: target, upperDirectory: upper, isOverlay: true)
    }

    func unmountRootfs(_ mount: RootfsMount) throws {
        state.withLock { $0.unmounted.append(mount.path) }
    }

    func start(_ spec: ProcessSpec, bundle: String, logPath: String) async throws -> any ContainerProcess {
        if spec.args.first == "nosuch" {
            throw DaemonError.invalidParameter("exec: \"nosuch\": executable file not found in $PATH")
        }
        let process = FakeContainerProcess(spec: spec)
        state.withLock {
            $0.specs.append(spec)
            $0.processes[spec.containerID] = process
        }
        if spec.args.first == "exit", let code = spec.args.dropFirst().first.flatMap({ Int32($0) }) {
            process.exit(code)
        }
        return process
    }

    func recover(bundle: String) async -> RecoveredProcess {
        let id = URL(fileURLWithPath: bundle).deletingLastPathComponent().lastPathComponent
        return state.withLock { $0.recoveries[id] } ?? .lost
    }
}

/// A pretend container process.
final class FakeContainerProcess: ContainerProcess {
    private struct State {
        var status: ExitStatus?
        var waiters: [CheckedContinuation<ExitStatus, Never>] = []
        var signals: [Int32] = []
        var paused = false
        /// A signal that arrived while frozen, acted on when thawed.
        var pending: Int32?
        var sessions: [FakeAttachSession] = []
        var stdin: [UInt8] = []
        var stdinClosed = false
        var size: (Int, Int)?
    }

    let spec: ProcessSpec
    let pid = Int32.random(in: 1000...60000)
    let startedAt = Date()
    private let state = Mutex(State())

    init(spec: ProcessSpec) { self.spec = spec }

    var signals: [Int32] { state.withLock { $0.signals } }
    var isPaused: Bool { state.withLock { $0.paused } }
    var stdinReceived: String { state.withLock { String(decoding: $0.stdin, as: UTF8.self) } }
    var stdinClosed: Bool { state.withLock { $0.stdinClosed } }
    var hasExited: Bool { state.withLock { $0.status != nil } }

    /// Ends the process with `code`; attached sessions' output ends.
    func exit(_ code: Int32) {
        let (waiters, sessions, status) = state.withLock { s -> ([CheckedContinuation<ExitStatus, Never>], [FakeAttachSession], ExitStatus?) in
            guard s.status == nil else { return ([], [], nil) }
            s.status = ExitStatus(code: code, finishedAt: Date())
            defer { s.waiters = [] }
            return (s.waiters, s.sessions, s.status)
        }
        guard let status else { return }
        for session in sessions { session.finish() }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    /// Writes `text` to every attached session, on `stream`.
    func emit(_ text: String, on stream: Runtime.OutputStream = .stdout) {
        for session in state.withLock({ $0.sessions }) { session.deliver(OutputChunk(stream: stream, bytes: Array(text.utf8))) }
    }

    func signal(_ signal: Int32) throws {
        let ends = state.withLock { s -> Bool in
            s.signals.append(signal)
            guard s.status == nil else { return false }
            if signal == SIGKILL { return true }
            let ends = spec.args.first != "stubborn" && signal != SIGWINCH && signal != SIGCHLD
            // A frozen process only acts on a signal once thawed; SIGKILL is the exception.
            if s.paused {
                if ends { s.pending = signal }
                return false
            }
            return ends
        }
        if ends { exit(128 + signal) }
    }

    func waitExit() async -> ExitStatus {
        await withCheckedContinuation { continuation in
            let status = state.withLock { s -> ExitStatus? in
                if let status = s.status { return status }
                s.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    func attach(stdin: Bool) async throws -> any AttachSession {
        if spec.args.first == "unattachable" {
            throw DaemonError.conflict("container is not running (its supervisor's attach socket is gone)")
        }
        let session = FakeAttachSession(process: self)
        let exited = state.withLock { s -> Bool in
            s.sessions.append(session)
            return s.status != nil
        }
        if exited { session.finish() }
        return session
    }

    func receive(_ bytes: [UInt8]) { state.withLock { $0.stdin += bytes } }
    func endStdin() { state.withLock { $0.stdinClosed = true } }

    func resize(height: Int, width: Int) throws { state.withLock { $0.size = (height, width) } }
    var size: (Int, Int)? { state.withLock { $0.size } }
    func pause() throws { state.withLock { $0.paused = true } }
    func resume() throws {
        let pending = state.withLock { s -> Int32? in
            s.paused = false
            defer { s.pending = nil }
            return s.pending
        }
        if let pending { exit(128 + pending) }
    }
    func processIDs() throws -> [Int32] { [pid] }
}

/// A session on a pretend process.
final class FakeAttachSession: AttachSession {
    let output: AsyncStream<OutputChunk>
    private let continuation: AsyncStream<OutputChunk>.Continuation
    private let process: FakeContainerProcess

    init(process: FakeContainerProcess) {
        self.process = process
        (output, continuation) = AsyncStream.makeStream(of: OutputChunk.self)
    }

    func deliver(_ chunk: OutputChunk) { continuation.yield(chunk) }
    func finish() { continuation.finish() }
    func writeStdin(_ bytes: [UInt8]) async throws { process.receive(bytes) }
    func closeStdin() async { process.endStdin() }
    func close() async { continuation.finish() }
}
