import Errdefs
import Foundation

extension ContainerStore {
    /// `GET /containers/{name}/changes`: what the container added, changed and deleted, sorted by path.
    public func changes(_ nameOrID: String) async throws -> [FilesystemChange] {
        let id = try resolveID(nameOrID)
        let mount = try await mountedRootfs(id)
        let image = containers[id]!.record.Image
        let layers = try await images.layerDirectories(of: image).map(\.path)
        let extractions = try await images.layerExtractions(of: image)
        let changes = try await BlockingWork.run {
            try ContainerChanges.changes(
                upperDirectory: mount.upperDirectory, isOverlay: mount.isOverlay, lowerLayers: layers,
                lowerExtractions: extractions)
        }
        return Self.hidingRuntimeFiles(changes)
    }

    /// The files the runtime writes into every container (Docker bind-mounts them, so `docker diff` never
    /// shows them).
    static let runtimeFiles: Set<String> = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"]

    /// `changes` without the runtime's files, and without `/etc` when they were its only change.
    static func hidingRuntimeFiles(_ changes: [FilesystemChange]) -> [FilesystemChange] {
        let kept = changes.filter { !runtimeFiles.contains($0.path) }
        guard kept.count != changes.count, !kept.contains(where: { $0.path.hasPrefix("/etc/") }) else { return kept }
        return kept.filter { !($0.path == "/etc" && $0.kind == .modified) }
    }

    /// `GET /containers/{name}/export`: a tar of the container's whole root filesystem, produced as it is
    /// read; event `export`.
    public func export(_ nameOrID: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let id = try resolveID(nameOrID)
        let mount = try await mountedRootfs(id)
        publish("export", containers[id]!.record)
        return ContainerArchive.export(rootfs: mount.path)
    }

    /// `POST /containers/{name}/copy` (Docker 1.2): a tar of `resource` resolved inside the container's root
    /// (symlinks cannot lead out); event `copy`.
    public func copy(_ nameOrID: String, resource: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let id = try resolveID(nameOrID)
        guard !resource.isEmpty else { throw DaemonError.invalidParameter("Path cannot be empty") }
        let mount = try await mountedRootfs(id)
        let tar = try await ContainerArchive.copy(rootfs: mount.path, path: resource, container: nameOrID)
        publish("copy", containers[id]!.record)
        return tar
    }

    /// `HEAD /containers/{name}/archive?path=` (`docker cp`): the path's stat, its last symlink not followed.
    public func pathInfo(_ nameOrID: String, path: String) async throws -> ContainerPathInfo {
        let id = try resolveID(nameOrID)
        let mount = try await mountedRootfs(id)
        return try await ContainerArchive.pathInfo(rootfs: mount.path, path: path, container: nameOrID)
    }

    /// `GET /containers/{name}/archive?path=` (`docker cp`): the path's stat and a tar of it.
    public func archive(_ nameOrID: String, path: String) async throws
        -> (info: ContainerPathInfo, tar: AsyncThrowingStream<[UInt8], any Error>)
    {
        let id = try resolveID(nameOrID)
        let mount = try await mountedRootfs(id)
        return try await ContainerArchive.archive(rootfs: mount.path, path: path, container: nameOrID)
    }

    /// `PUT /containers/{name}/archive?path=` (`docker cp` into a container): unpacks the tar `body` into the
    /// directory `path` resolved inside the container's root (the upload is spooled in the container's
    /// directory first).
    public func extract<Body: AsyncSequence & Sendable>(
        _ nameOrID: String, path: String, archive body: Body, noOverwriteDirNonDir: Bool
    ) async throws where Body.Element: DataProtocol {
        let id = try resolveID(nameOrID)
        let mount = try await mountedRootfs(id)
        try await ContainerArchive.extract(
            body, rootfs: mount.path, path: path, container: nameOrID, scratchDirectory: layout.directory(id),
            noOverwriteDirNonDir: noOverwriteDirNonDir)
    }

    /// `POST /commit`: the container's changes as a new layer on its image, with the container's config
    /// (`config` given: its set fields over the container's) and `changes` applied; the container is paused
    /// meanwhile when `pause` and running. Returns the new image ID; event `commit`.
    public func commit(
        _ nameOrID: String, repository: String = "", tag: String = "", comment: String = "", author: String = "",
        changes: [String] = [], pause: Bool = true, config: ImageRunConfig? = nil
    ) async throws -> String {
        let id = try resolveID(nameOrID)
        let mount = try await mountedRootfs(id)
        let record = containers[id]!.record
        let pauseIt = pause && record.State.Status == .running
        if pauseIt { try self.pause(id) }
        defer {
            if pauseIt { try? self.unpause(id) }
        }
        var imageConfig = config.map { ContainerConfigMerge.merge($0, image: record.Config) } ?? record.Config
        // The image keeps the container's command, not its per-container identity.
        if imageConfig.Hostname == String(id.prefix(12)) { imageConfig.Hostname = "" }
        let imageID = try await images.commit(CommitOptions(
            containerID: id, image: record.Image, config: imageConfig, changes: changes, comment: comment,
            author: author, repository: repository, tag: tag, upperDirectory: mount.upperDirectory,
            isOverlay: mount.isOverlay, excludedPaths: Self.runtimeFiles))
        publish("commit", record, ["comment": comment, "author": author])
        return imageID
    }
}
