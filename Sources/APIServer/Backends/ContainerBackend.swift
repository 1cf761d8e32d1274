import Foundation
import Errdefs

/// What the container routes need from the container runtime. Names are as the user typed them (a name with
/// or without its `/`, a full ID or a unique ID prefix); a missing container is `DaemonError.notFound("No such
/// container: <name>")`. Errors say their kind: `.notModified` (304), `.conflict` (409),
/// `.invalidParameter` (400)…
public protocol ContainerBackend: Sendable {
    /// `POST /containers/create`: creates a container from `request` (image defaults applied), named `name`
    /// or a generated name. Unknown image → notFound `No such image: busybox:latest`; name in use → conflict;
    /// invalid name → invalidParameter.
    func createContainer(name: String?, request: ContainerCreateRequest) async throws -> ContainerCreateResponse

    /// `GET /containers/json`: newest first.
    func listContainers(_ options: ContainerListOptions) async throws -> [ContainerSummary]

    /// `GET /containers/{name}/json`; `size` fills `SizeRw` and `SizeRootFs`.
    func inspectContainer(_ name: String, size: Bool) async throws -> ContainerInspectResponse

    /// `POST /containers/{name}/start`: notModified when already running.
    func startContainer(_ name: String) async throws

    /// `POST /containers/{name}/stop`: the stop signal, then SIGKILL after the timeout; returns once the
    /// process has exited. notModified when not running.
    func stopContainer(_ name: String, options: ContainerStopOptions) async throws

    /// `POST /containers/{name}/restart`: stops (if running) then starts.
    func restartContainer(_ name: String, options: ContainerStopOptions) async throws

    /// `POST /containers/{name}/kill`: `signal` nil means SIGKILL. conflict
    /// `cannot kill container: <name>: container <id> is not running` when not running.
    func killContainer(_ name: String, signal: Int32?) async throws

    /// `POST /containers/{name}/pause`: conflict when not running or already paused.
    func pauseContainer(_ name: String) async throws

    /// `POST /containers/{name}/unpause`: conflict when not running; an error when not paused.
    func unpauseContainer(_ name: String) async throws

    /// `POST /containers/{name}/wait`: resolves the container (notFound before anything is sent) and arms the
    /// condition; the returned wait's `result()` returns when it is met.
    func waitContainer(_ name: String, condition: ContainerWaitCondition) async throws -> ContainerWait

    /// `DELETE /containers/{name}`: conflict
    /// `cannot remove container "/x": container is running: stop the container before removing or force remove`
    /// when running without `force`.
    func removeContainer(_ name: String, options: ContainerRemoveOptions) async throws

    /// `GET /containers/{name}/top`: `ps` run with `psArgs` (default `-ef`) over the container's processes;
    /// conflict `container <id> is not running` when not running.
    func topContainer(_ name: String, psArgs: String) async throws -> ContainerTopResponse

    /// `GET /containers/{name}/logs`: resolves the container (notFound before anything is sent) and returns
    /// the selected entries.
    func containerLogs(_ name: String, options: ContainerLogsOptions) async throws -> ContainerLogs

    /// `POST /containers/{name}/attach`: connects to the container's stdio. Works on a created container that
    /// has not started yet (its output then flows from the start). conflict when paused.
    func attachContainer(_ name: String, options: ContainerAttachOptions) async throws -> any ContainerAttachment

    /// `POST /containers/{name}/resize`: the TTY's size; conflict when not running.
    func resizeContainer(_ name: String, height: Int, width: Int) async throws

    /// `GET /containers/{name}/changes`: what the container changed in its root filesystem, sorted by path.
    func containerChanges(_ name: String) async throws -> [FilesystemChange]

    /// `GET /containers/{name}/export`: a tar of the container's whole root filesystem, produced as it is
    /// read. A missing container fails before the stream is returned.
    func exportContainer(_ name: String) async throws -> AsyncThrowingStream<Data, any Error>

    /// `POST /containers/{name}/copy`: a tar of `path` (resolved inside the container's root: symlinks and
    /// `..` cannot lead out), entries named from the path's base name. notFound
    /// `Could not find the file <path> in container <name>` when missing — before the stream is returned.
    func copyFromContainer(_ name: String, path: String) async throws -> AsyncThrowingStream<Data, any Error>

    /// `POST /commit`: a new image from the container's changes; its ID.
    func commitContainer(_ options: ContainerCommitOptions) async throws -> CommitResponse

    /// `HEAD /containers/{name}/archive?path=` (default: 501, see the extension).
    func statContainerPath(_ name: String, path: String) async throws -> ContainerPathStat

    /// `GET /containers/{name}/archive?path=` (default: 501, see the extension).
    func archiveContainerPath(_ name: String, path: String) async throws -> ContainerPathArchive

    /// `PUT /containers/{name}/archive?path=` (default: 501, see the extension).
    func extractToContainer<Body: AsyncSequence & Sendable>(
        _ name: String, path: String, archive: Body, options: ContainerExtractOptions
    ) async throws where Body.Element == Data
}

/// Operations added after the first version of the protocol; a backend without them answers 501.
extension ContainerBackend {
    /// `HEAD /containers/{name}/archive?path=`: the path's stat (the last symlink not followed). notFound
    /// `Could not find the file <path> in container <name>` when missing.
    public func statContainerPath(_ name: String, path: String) async throws -> ContainerPathStat {
        throw DaemonError.notImplemented("container archive stat is not implemented by this container backend")
    }

    /// `GET /containers/{name}/archive?path=`: the path's stat and a tar of it (entries named from its base
    /// name; the last symlink not followed), missing → notFound before anything is streamed.
    public func archiveContainerPath(_ name: String, path: String) async throws -> ContainerPathArchive {
        throw DaemonError.notImplemented("container archives are not implemented by this container backend")
    }

    /// `PUT /containers/{name}/archive?path=`: extracts the tar `archive` (read chunk by chunk) into the
    /// directory `path` inside the container (resolved in its root). notFound when the path is missing,
    /// invalidParameter when it is not a directory — before the body is read.
    public func extractToContainer<Body: AsyncSequence & Sendable>(
        _ name: String, path: String, archive: Body, options: ContainerExtractOptions
    ) async throws where Body.Element == Data {
        throw DaemonError.notImplemented("copying into containers is not implemented by this container backend")
    }
}
