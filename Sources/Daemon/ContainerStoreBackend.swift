import APIServer
import Errdefs
import Foundation
import Runtime

/// The runtime's `ContainerStore` as the API's `ContainerBackend`: it turns the store's values into the API's
/// wire types. The store is opened by `Daemon.initialize()`, after the router exists; a request that arrives
/// before (possible with `--no-buffer-requests`) waits for it.
struct ContainerStoreBackend: ContainerBackend {
    let opened: OneShot<Result<ContainerStore, any Error>>

    private func store() async throws -> ContainerStore {
        try await opened.value.get()
    }

    func createContainer(name: String?, request: ContainerCreateRequest) async throws -> ContainerCreateResponse {
        let config = try ContainerWireMapping.runConfig(request.config)
        let id = try await store().create(
            name: name, config: config, hostConfig: ContainerWireMapping.hostSettings(request.hostConfig))
        return ContainerCreateResponse(id: id)
    }

    func listContainers(_ options: ContainerListOptions) async throws -> [APIServer.ContainerSummary] {
        let filters = try ContainerListFilters(options.filters)
        return try await store().list(all: options.all, limit: options.limit ?? -1, size: options.size, filters: filters)
            .map(ContainerWireMapping.summary)
    }

    func inspectContainer(_ name: String, size: Bool) async throws -> ContainerInspectResponse {
        try ContainerWireMapping.inspect(try await store().inspect(name, size: size))
    }

    func startContainer(_ name: String) async throws {
        try await store().start(name)
    }

    func stopContainer(_ name: String, options: ContainerStopOptions) async throws {
        try await store().stop(name, timeout: options.timeout, signal: options.signal.map(String.init))
    }

    func restartContainer(_ name: String, options: ContainerStopOptions) async throws {
        try await store().restart(name, timeout: options.timeout, signal: options.signal.map(String.init))
    }

    func killContainer(_ name: String, signal: Int32?) async throws {
        try await store().kill(name, signal: signal.map(String.init))
    }

    func pauseContainer(_ name: String) async throws {
        try await store().pause(name)
    }

    func unpauseContainer(_ name: String) async throws {
        try await store().unpause(name)
    }

    func waitContainer(_ name: String, condition: ContainerWaitCondition) async throws -> ContainerWait {
        let condition = try WaitCondition(parameter: condition.rawValue)
        let waiter = try await store().waiter(name, condition: condition)
        return ContainerWait { ContainerWaitResponse(statusCode: Int64(await waiter.exitCode())) }
    }

    func removeContainer(_ name: String, options: ContainerRemoveOptions) async throws {
        try await store().remove(name, force: options.force, removeVolumes: options.removeVolumes)
    }

    func topContainer(_ name: String, psArgs: String) async throws -> ContainerTopResponse {
        let top = try await store().top(name, psArgs: psArgs)
        return ContainerTopResponse(titles: top.titles, processes: top.processes)
    }

    func containerLogs(_ name: String, options: ContainerLogsOptions) async throws -> ContainerLogs {
        let logs = try await store().logs(
            name, since: options.sinceNano.map(Self.date), until: options.untilNano.map(Self.date), tail: options.tail,
            follow: options.follow)
        let (stdout, stderr) = (options.stdout, options.stderr)
        let entries = StreamPump.stream(logs.entries) { entry -> ContainerLogEntry? in
            guard entry.stream == .stdout ? stdout : stderr else { return nil }
            return ContainerLogEntry(
                stream: ContainerWireMapping.streamKind(entry.stream), bytes: Data(entry.bytes),
                timeNano: Int64((entry.time.timeIntervalSince1970 * 1e9).rounded()))
        }
        return ContainerLogs(tty: logs.tty, entries: entries)
    }

    func attachContainer(_ name: String, options: ContainerAttachOptions) async throws -> any APIServer.ContainerAttachment {
        let store = try await store()
        let tty = try await store.hasTTY(name)
        let replay = options.logs ? try await store.logs(name).entries : nil
        let session = options.stream ? try await store.attach(name, stdin: options.stdin).session : nil
        return StoreAttachment(tty: tty, session: session, replay: replay, options: options)
    }

    func resizeContainer(_ name: String, height: Int, width: Int) async throws {
        try await store().resize(name, height: height, width: width)
    }

    func containerChanges(_ name: String) async throws -> [APIServer.FilesystemChange] {
        try await store().changes(name).map(ContainerWireMapping.change)
    }

    func exportContainer(_ name: String) async throws -> AsyncThrowingStream<Data, any Error> {
        StreamPump.stream(try await store().export(name)) { Data($0) }
    }

    func copyFromContainer(_ name: String, path: String) async throws -> AsyncThrowingStream<Data, any Error> {
        StreamPump.stream(try await store().copy(name, resource: path)) { Data($0) }
    }

    func commitContainer(_ options: APIServer.ContainerCommitOptions) async throws -> CommitResponse {
        let id = try await store().commit(
            options.container, repository: options.repository, tag: options.tag, comment: options.comment,
            author: options.author, changes: options.changes, pause: options.pause,
            config: try options.config.map(ContainerWireMapping.runConfig))
        return CommitResponse(id: id)
    }

    func statContainerPath(_ name: String, path: String) async throws -> ContainerPathStat {
        Self.stat(try await store().pathInfo(name, path: path))
    }

    func archiveContainerPath(_ name: String, path: String) async throws -> ContainerPathArchive {
        let (info, tar) = try await store().archive(name, path: path)
        return ContainerPathArchive(stat: Self.stat(info), tar: StreamPump.stream(tar) { Data($0) })
    }

    func extractToContainer<Body: AsyncSequence & Sendable>(
        _ name: String, path: String, archive: Body, options: ContainerExtractOptions
    ) async throws where Body.Element == Data {
        try await store().extract(name, path: path, archive: archive, noOverwriteDirNonDir: options.noOverwriteDirNonDir)
    }

    private static func stat(_ info: ContainerPathInfo) -> ContainerPathStat {
        ContainerPathStat(
            name: info.name, size: info.size, unixMode: info.mode, modifiedNano: info.modifiedNano, linkTarget: info.linkTarget)
    }

    private static func date(_ nanoseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(nanoseconds) / 1e9)
    }
}
