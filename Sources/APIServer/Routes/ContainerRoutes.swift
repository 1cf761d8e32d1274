import Errdefs

/// The seed's container routes. They answer 501 until a container backend is wired in.
struct ContainerRoutes: Sendable {
    let backend: (any ContainerBackend)?

    var routes: [Route] {
        [
            Route(.GET, "/containers/ps", "getContainersJSON") { _ in try unavailable("listing containers") },
            Route(.GET, "/containers/json", "getContainersJSON") { _ in try unavailable("listing containers") },
            Route(.GET, "/containers/{name:.*}/export", "getContainersExport") { _ in try unavailable("exporting containers") },
            Route(.GET, "/containers/{name:.*}/changes", "getContainersChanges") { _ in try unavailable("container changes") },
            Route(.GET, "/containers/{name:.*}/json", "getContainersByName") { _ in try unavailable("inspecting containers") },
            Route(.GET, "/containers/{name:.*}/top", "getContainersTop") { _ in try unavailable("listing container processes") },
            Route(.GET, "/containers/{name:.*}/logs", "getContainersLogs") { _ in try unavailable("container logs") },
            Route(.GET, "/containers/{name:.*}/attach/ws", "wsContainersAttach") { _ in try unavailable("attaching over WebSocket") },
            Route(.POST, "/commit", "postCommit") { _ in try unavailable("committing containers") },
            Route(.POST, "/containers/create", "postContainersCreate") { _ in try unavailable("creating containers") },
            Route(.POST, "/containers/{name:.*}/kill", "postContainersKill") { _ in try unavailable("killing containers") },
            Route(.POST, "/containers/{name:.*}/pause", "postContainersPause") { _ in try unavailable("pausing containers") },
            Route(.POST, "/containers/{name:.*}/unpause", "postContainersUnpause") { _ in try unavailable("unpausing containers") },
            Route(.POST, "/containers/{name:.*}/restart", "postContainersRestart") { _ in try unavailable("restarting containers") },
            Route(.POST, "/containers/{name:.*}/start", "postContainersStart") { _ in try unavailable("starting containers") },
            Route(.POST, "/containers/{name:.*}/stop", "postContainersStop") { _ in try unavailable("stopping containers") },
            Route(.POST, "/containers/{name:.*}/wait", "postContainersWait") { _ in try unavailable("waiting for containers") },
            Route(.POST, "/containers/{name:.*}/resize", "postContainersResize") { _ in try unavailable("resizing container TTYs") },
            Route(.POST, "/containers/{name:.*}/attach", "postContainersAttach") { _ in try unavailable("attaching to containers") },
            Route(.POST, "/containers/{name:.*}/copy", "postContainersCopy") { _ in try unavailable("copying from containers") },
            Route(.DELETE, "/containers/{name:.*}", "deleteContainers") { _ in try unavailable("removing containers") },
        ]
    }

    private func unavailable(_ what: String) throws -> Never {
        throw DaemonError.notImplemented("\(what) is not implemented yet: daemon-tui's container runtime is not built in this version")
    }
}
