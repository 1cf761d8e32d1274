import Errdefs
import Foundation
import Signals

/// The seed's container routes, plus `POST /commit`. Without a container backend every route answers 501.
struct ContainerRoutes: Sendable {
    let backend: (any ContainerBackend)?

    var routes: [Route] {
        [
            Route(.GET, "/containers/ps", "getContainersJSON") { try await list($0, try runtime()) },
            Route(.GET, "/containers/json", "getContainersJSON") { try await list($0, try runtime()) },
            Route(.GET, "/containers/{name:.*}/export", "getContainersExport") {
                try await TarStreamHandler.send($0, try await runtime().exportContainer($0.variable("name")))
            },
            Route(.GET, "/containers/{name:.*}/changes", "getContainersChanges") {
                try await $0.json(try await runtime().containerChanges($0.variable("name")))
            },
            Route(.GET, "/containers/{name:.*}/json", "getContainersByName") { context in
                try await context.json(try await runtime().inspectContainer(context.variable("name"), size: context.query.bool("size")))
            },
            Route(.GET, "/containers/{name:.*}/top", "getContainersTop") { context in
                let psArgs = context.query.string("ps_args").flatMap { $0.isEmpty ? nil : $0 } ?? "-ef"
                try await context.json(try await runtime().topContainer(context.variable("name"), psArgs: psArgs))
            },
            Route(.GET, "/containers/{name:.*}/logs", "getContainersLogs") {
                try await ContainerLogsHandler(backend: try runtime()).logs($0)
            },
            Route(.GET, "/containers/{name:.*}/attach/ws", "wsContainersAttach") {
                try await ContainerWebSocketHandler(backend: try runtime()).attach($0)
            },
            Route(.POST, "/commit", "postCommit") { try await commit($0, try runtime()) },
            Route(.POST, "/containers/create", "postContainersCreate") { try await create($0, try runtime()) },
            Route(.POST, "/containers/{name:.*}/kill", "postContainersKill") { context in
                let signal = try context.query.string("signal").flatMap { $0.isEmpty ? nil : try SignalName.number($0) }
                try await runtime().killContainer(context.variable("name"), signal: signal)
                try await context.empty()
            },
            Route(.POST, "/containers/{name:.*}/pause", "postContainersPause") {
                try await runtime().pauseContainer($0.variable("name"))
                try await $0.empty()
            },
            Route(.POST, "/containers/{name:.*}/unpause", "postContainersUnpause") {
                try await runtime().unpauseContainer($0.variable("name"))
                try await $0.empty()
            },
            Route(.POST, "/containers/{name:.*}/restart", "postContainersRestart") {
                try await runtime().restartContainer($0.variable("name"), options: try stopOptions($0))
                try await $0.empty()
            },
            Route(.POST, "/containers/{name:.*}/start", "postContainersStart") {
                try await runtime().startContainer($0.variable("name"))
                try await $0.empty()
            },
            Route(.POST, "/containers/{name:.*}/stop", "postContainersStop") {
                try await runtime().stopContainer($0.variable("name"), options: try stopOptions($0))
                try await $0.empty()
            },
            Route(.POST, "/containers/{name:.*}/wait", "postContainersWait") {
                try await ContainerWaitHandler(backend: try runtime()).wait($0)
            },
            Route(.POST, "/containers/{name:.*}/resize", "postContainersResize") { context in
                guard let height = try context.query.int("h"), let width = try context.query.int("w") else {
                    throw DaemonError.invalidParameter("resize needs both h and w")
                }
                try await runtime().resizeContainer(context.variable("name"), height: height, width: width)
                try await context.empty(.ok)
            },
            Route(.POST, "/containers/{name:.*}/attach", "postContainersAttach") {
                try await ContainerAttachHandler(backend: try runtime()).attach($0)
            },
            Route(.POST, "/containers/{name:.*}/copy", "postContainersCopy") { try await copy($0, try runtime()) },
            Route(.DELETE, "/containers/{name:.*}", "deleteContainers") { context in
                let options = ContainerRemoveOptions(
                    force: context.query.bool("force"), removeVolumes: context.query.bool("v"),
                    removeLink: context.query.bool("link"))
                try await runtime().removeContainer(context.variable("name"), options: options)
                try await context.empty()
            },
            Route(.HEAD, "/containers/{name:.*}/archive", "headContainersArchive", origin: .modern) { context in
                let stat = try await runtime().statContainerPath(context.variable("name"), path: try archivePath(context))
                try await context.empty(.ok, headers: ["X-Docker-Container-Path-Stat": stat.headerValue])
            },
            Route(.GET, "/containers/{name:.*}/archive", "getContainersArchive", origin: .modern) { context in
                let archive = try await runtime().archiveContainerPath(context.variable("name"), path: try archivePath(context))
                try await TarStreamHandler.send(context, archive.tar, headers: ["X-Docker-Container-Path-Stat": archive.stat.headerValue])
            },
            Route(.PUT, "/containers/{name:.*}/archive", "putContainersArchive", origin: .modern, maxBodyBytes: 0) { context in
                let options = ContainerExtractOptions(
                    noOverwriteDirNonDir: context.query.bool("noOverwriteDirNonDir"), copyUIDGID: context.query.bool("copyUIDGID"))
                try await runtime().extractToContainer(
                    context.variable("name"), path: try archivePath(context), archive: UploadBody(context.request.body), options: options)
                try await context.empty(.ok)
            },
        ]
    }

    private func runtime() throws -> any ContainerBackend {
        guard let backend else {
            throw DaemonError.notImplemented("containers are not implemented here: no container runtime is attached to this server")
        }
        return backend
    }

    /// The `path` of the archive routes (required).
    private func archivePath(_ context: APIContext) throws -> String {
        guard let path = context.query.string("path"), !path.isEmpty else {
            throw DaemonError.invalidParameter("bad parameter: path cannot be empty")
        }
        return path
    }

    /// `t` (seconds, an integer) and `signal` (a name or number).
    private func stopOptions(_ context: APIContext) throws -> ContainerStopOptions {
        let signal = try context.query.string("signal").flatMap { $0.isEmpty ? nil : try SignalName.number($0) }
        return ContainerStopOptions(timeout: try context.query.int("t"), signal: signal)
    }
}
