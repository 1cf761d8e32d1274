import APIServer
import Errdefs
import Foundation
import Synchronization

/// A container backend for route tests. It knows one image (`busybox`) and the containers the test adds;
/// it records what the routes passed in. Attaching gives a session that behaves like `cat`: stdin comes back
/// on stdout, and the end of stdin ends the output.
final class FakeContainers: ContainerBackend {
    struct Container {
        var id: String
        var name: String
        var running = false
        var paused = false
        var tty = false
        var logs: [ContainerLogEntry] = []
        /// The command it was created with: `echo …` prints and exits 0, `sh -c "exit N"` exits N; without
        /// one it runs until stopped.
        var cmd: [String]?
        var attachments: [EchoAttachment] = []
        var stdinEnded = false
    }

    struct Calls {
        var created: [(name: String?, request: ContainerCreateRequest)] = []
        var listed: [ContainerListOptions] = []
        var stopped: [(name: String, options: ContainerStopOptions)] = []
        var killed: [(name: String, signal: Int32?)] = []
        var removed: [(name: String, options: ContainerRemoveOptions)] = []
        var logs: [ContainerLogsOptions] = []
        var attached: [ContainerAttachOptions] = []
        var stdin: Data = Data()
        var stdinClosed = false
        var resized: [(height: Int, width: Int)] = []
        var committed: [ContainerCommitOptions] = []
        var top: [String] = []
        var copied: [String] = []
        var extracted: [(path: String, bytes: Data, options: ContainerExtractOptions)] = []
    }

    let calls = Mutex(Calls())
    private let containers = Mutex<[String: Container]>([:])
    private let exits = Mutex<[String: [AsyncStream<Int64>.Continuation]]>([:])
    /// Log entries a follow stream of a running container delivers after the recorded ones (the test yields
    /// and finishes it).
    let followed = AsyncThrowingStream.makeStream(of: ContainerLogEntry.self)

    static func id(_ digit: Character) -> String { String(repeating: digit, count: 64) }

    func add(_ container: Container) { containers.withLock { $0[container.name] = container } }

    /// Makes `name` exit with `code`: its waits return.
    func exit(_ name: String, code: Int64) {
        containers.withLock { $0[name]?.running = false }
        let waiting = exits.withLock { $0.removeValue(forKey: name) ?? [] }
        for continuation in waiting {
            continuation.yield(code)
            continuation.finish()
        }
    }

    /// A container running `cat` exits when its stdin ends (at its start, if stdin ended before).
    func stdinEnded(_ attachment: EchoAttachment) {
        let container = containers.withLock { all -> Container? in
            guard let key = all.first(where: { $0.value.cmd == ["cat"] && $0.value.attachments.contains { $0 === attachment } })?.key
            else { return nil }
            all[key]!.stdinEnded = true
            return all[key]
        }
        if let container, container.running { exit(container.name, code: 0) }
    }

    /// How many waits are armed for `name`.
    func waiters(_ name: String) -> Int { exits.withLock { $0[name]?.count ?? 0 } }

    private func find(_ name: String) throws -> Container {
        let key = name.hasPrefix("/") ? String(name.dropFirst()) : name
        guard let container = containers.withLock({ $0[key] ?? $0.values.first { $0.id.hasPrefix(key) } }) else {
            throw DaemonError.notFound("No such container: \(name)")
        }
        return container
    }

    private func update(_ name: String, _ change: (inout Container) -> Void) {
        containers.withLock { all in
            if var container = all[name] {
                change(&container)
                all[name] = container
            }
        }
    }

    func createContainer(name: String?, request: ContainerCreateRequest) async throws -> ContainerCreateResponse {
        calls.withLock { $0.created.append((name, request)) }
        guard request.config.image == "busybox" else {
            throw DaemonError.notFound("No such image: \(request.config.image ?? ""):latest")
        }
        if let name, containers.withLock({ $0[name] != nil }) {
            throw DaemonError.conflict("Conflict. The container name \"/\(name)\" is already in use")
        }
        // Distinct IDs: clients address containers by the ID create returned.
        let count = calls.withLock { $0.created.count }
        let id = count == 1 ? Self.id("c") : String(repeating: "c", count: 62) + String(format: "%02d", count)
        add(Container(id: id, name: name ?? "generated", tty: request.config.tty ?? false, cmd: request.config.cmd))
        return ContainerCreateResponse(id: id)
    }

    func listContainers(_ options: ContainerListOptions) async throws -> [ContainerSummary] {
        calls.withLock { $0.listed.append(options) }
        return containers.withLock { $0.values.sorted { $0.name < $1.name } }.map {
            ContainerSummary(
                id: $0.id, names: ["/\($0.name)"], image: "busybox", imageID: "sha256:" + Self.id("a"), command: "sh",
                created: 1, sizeRw: options.size ? 5 : nil, state: $0.running ? "running" : "exited",
                status: $0.running ? "Up 1 second" : "Exited (0) 1 second ago", networkMode: "host")
        }
    }

    func inspectContainer(_ name: String, size: Bool) async throws -> ContainerInspectResponse {
        let container = try find(name)
        return ContainerInspectResponse(
            id: container.id, created: "2024-01-01T00:00:00.000000001Z", path: "sh", args: ["-c", "true"],
            state: ContainerState(status: container.running ? "running" : "created", running: container.running, pid: container.running ? 42 : 0),
            image: "sha256:" + Self.id("a"), name: "/\(container.name)",
            hostConfig: ContainerHostConfig(networkMode: "host"),
            sizeRw: size ? 5 : nil, config: ContainerConfig(tty: container.tty, cmd: ["sh"], image: "busybox"))
    }

    func startContainer(_ name: String) async throws {
        let container = try find(name)
        if container.running { throw DaemonError.notModified() }
        update(container.name) { $0.running = true }
        guard let cmd = container.cmd else { return }
        var code: Int64 = 0
        if cmd.first == "echo" {
            let line = ContainerOutput(stream: .stdout, bytes: Data((cmd.dropFirst().joined(separator: " ") + "\n").utf8))
            for attachment in container.attachments { attachment.emit(line) }
            update(container.name) { $0.logs.append(ContainerLogEntry(stream: .stdout, bytes: line.bytes, timeNano: 1)) }
        } else if cmd == ["cat"] && container.stdinEnded {
            code = 0
        } else if cmd.count == 3, cmd[0] == "sh", cmd[1] == "-c", cmd[2].hasPrefix("exit "), let n = Int64(cmd[2].dropFirst(5)) {
            code = n
        } else {
            return
        }
        for attachment in container.attachments { await attachment.close() }
        exit(container.name, code: code)
    }

    func stopContainer(_ name: String, options: ContainerStopOptions) async throws {
        let container = try find(name)
        calls.withLock { $0.stopped.append((name, options)) }
        if !container.running { throw DaemonError.notModified() }
        exit(container.name, code: 143)
    }

    func restartContainer(_ name: String, options: ContainerStopOptions) async throws {
        let container = try find(name)
        calls.withLock { $0.stopped.append((name, options)) }
        update(container.name) { $0.running = true }
    }

    func killContainer(_ name: String, signal: Int32?) async throws {
        let container = try find(name)
        calls.withLock { $0.killed.append((name, signal)) }
        guard container.running else {
            throw DaemonError.conflict("cannot kill container: \(name): container \(container.id) is not running")
        }
        exit(container.name, code: 137)
    }

    func pauseContainer(_ name: String) async throws {
        let container = try find(name)
        guard container.running else { throw DaemonError.conflict("Container \(container.id) is not running") }
        guard !container.paused else { throw DaemonError.conflict("Container \(container.id) is already paused") }
        update(container.name) { $0.paused = true }
    }

    func unpauseContainer(_ name: String) async throws {
        let container = try find(name)
        guard container.paused else { throw DaemonError.system("Container \(container.id) is not paused") }
        update(container.name) { $0.paused = false }
    }

    func waitContainer(_ name: String, condition: ContainerWaitCondition) async throws -> ContainerWait {
        let container = try find(name)
        if condition == .notRunning && !container.running { return ContainerWait { ContainerWaitResponse(statusCode: 0) } }
        // Armed now, before this returns, so an exit right after is not missed.
        let (codes, continuation) = AsyncStream.makeStream(of: Int64.self)
        exits.withLock { $0[container.name, default: []].append(continuation) }
        return ContainerWait {
            for await code in codes { return ContainerWaitResponse(statusCode: code) }
            return ContainerWaitResponse(statusCode: -1, error: .init(message: "wait ended"))
        }
    }

    func removeContainer(_ name: String, options: ContainerRemoveOptions) async throws {
        let container = try find(name)
        calls.withLock { $0.removed.append((name, options)) }
        if container.running && !options.force {
            throw DaemonError.conflict(
                "cannot remove container \"/\(container.name)\": container is running: stop the container before removing or force remove")
        }
        _ = containers.withLock { $0.removeValue(forKey: container.name) }
    }

    func topContainer(_ name: String, psArgs: String) async throws -> ContainerTopResponse {
        let container = try find(name)
        calls.withLock { $0.top.append(psArgs) }
        guard container.running else { throw DaemonError.conflict("container \(container.id) is not running") }
        return ContainerTopResponse(titles: ["PID", "CMD"], processes: [["42", "sh"]])
    }

    func containerLogs(_ name: String, options: ContainerLogsOptions) async throws -> ContainerLogs {
        let container = try find(name)
        calls.withLock { $0.logs.append(options) }
        let recorded = container.logs.filter { options.stdout && $0.stream == .stdout || options.stderr && $0.stream == .stderr }
        let live = followed.stream
        let entries = AsyncThrowingStream<ContainerLogEntry, any Error> { continuation in
            let task = Task {
                for entry in recorded { continuation.yield(entry) }
                // A follow ends with the container: only a running one has more to come.
                if options.follow && container.running {
                    do {
                        for try await entry in live { continuation.yield(entry) }
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return ContainerLogs(tty: container.tty, entries: entries)
    }

    func attachContainer(_ name: String, options: ContainerAttachOptions) async throws -> any ContainerAttachment {
        let container = try find(name)
        guard !container.paused else { throw DaemonError.conflict("You cannot attach to a paused container, unpause it first") }
        calls.withLock { $0.attached.append(options) }
        let attachment = EchoAttachment(tty: container.tty, owner: self)
        update(container.name) { $0.attachments.append(attachment) }
        if !container.tty && container.cmd == nil {
            attachment.emit(ContainerOutput(stream: .stderr, bytes: Data("ready\n".utf8)))
        }
        return attachment
    }

    func resizeContainer(_ name: String, height: Int, width: Int) async throws {
        let container = try find(name)
        guard container.running else { throw DaemonError.conflict("Container \(container.id) is not running") }
        calls.withLock { $0.resized.append((height, width)) }
    }

    func containerChanges(_ name: String) async throws -> [FilesystemChange] {
        _ = try find(name)
        return [FilesystemChange(path: "/tmp", kind: .modified), FilesystemChange(path: "/tmp/new", kind: .added)]
    }

    func exportContainer(_ name: String) async throws -> AsyncThrowingStream<Data, any Error> {
        _ = try find(name)
        return AsyncThrowingStream { continuation in
            continuation.yield(Data("tar-1;".utf8))
            continuation.yield(Data("tar-2".utf8))
            continuation.finish()
        }
    }

    func copyFromContainer(_ name: String, path: String) async throws -> AsyncThrowingStream<Data, any Error> {
        let container = try find(name)
        calls.withLock { $0.copied.append(path) }
        guard path == "/etc/hostname" else {
            throw DaemonError.notFound("Could not find the file \(path) in container \(container.name)")
        }
        return AsyncThrowingStream { continuation in
            continuation.yield(Data("hostname-tar".utf8))
            continuation.finish()
        }
    }

    func statContainerPath(_ name: String, path: String) async throws -> ContainerPathStat {
        let container = try find(name)
        if path == "/tmp" || path == "/tmp/" {
            return ContainerPathStat(name: "tmp", size: 4096, unixMode: 0o041777, modifiedNano: 0)
        }
        guard path == "/etc/hostname" else {
            throw DaemonError.notFound("Could not find the file \(path) in container \(container.name)")
        }
        return ContainerPathStat(name: "hostname", size: 4, unixMode: 0o100644, modifiedNano: 1_700_000_000_000_000_001)
    }

    func archiveContainerPath(_ name: String, path: String) async throws -> ContainerPathArchive {
        let stat = try await statContainerPath(name, path: path)
        return ContainerPathArchive(stat: stat, tar: AsyncThrowingStream { continuation in
            continuation.yield(Data("hostname-tar".utf8))
            continuation.finish()
        })
    }

    func extractToContainer<Body: AsyncSequence & Sendable>(
        _ name: String, path: String, archive: Body, options: ContainerExtractOptions
    ) async throws where Body.Element == Data {
        let stat = try await statContainerPath(name, path: path)
        guard stat.mode & (1 << 31) != 0 else { throw DaemonError.invalidParameter("extraction point is not a directory") }
        var bytes = Data()
        for try await chunk in archive { bytes.append(chunk) }
        calls.withLock { $0.extracted.append((path, bytes, options)) }
    }

    func commitContainer(_ options: ContainerCommitOptions) async throws -> CommitResponse {
        _ = try find(options.container)
        calls.withLock { $0.committed.append(options) }
        return CommitResponse(id: "sha256:" + Self.id("e"))
    }
}

/// A session that echoes stdin to stdout, like a container running `cat`.
final class EchoAttachment: ContainerAttachment {
    let tty: Bool
    let output: AsyncStream<ContainerOutput>
    private let continuation: AsyncStream<ContainerOutput>.Continuation
    private let owner: FakeContainers

    init(tty: Bool, owner: FakeContainers) {
        self.tty = tty
        (output, continuation) = AsyncStream.makeStream(of: ContainerOutput.self)
        self.owner = owner
    }

    func emit(_ output: ContainerOutput) { continuation.yield(output) }

    func writeStdin(_ bytes: Data) async throws {
        owner.calls.withLock { $0.stdin.append(bytes) }
        continuation.yield(ContainerOutput(stream: .stdout, bytes: bytes))
    }

    func closeStdin() async {
        owner.calls.withLock { $0.stdinClosed = true }
        continuation.finish()
        owner.stdinEnded(self)
    }

    func close() async { continuation.finish() }
}
