import Errdefs
import Foundation

/// One entry of `GET /containers/{name}/changes`.
public struct ContainerChange: Sendable, Equatable {
    /// Docker's kinds: 0 modified, 1 added, 2 deleted.
    public enum Kind: Int, Sendable { case modified = 0, added = 1, deleted = 2 }
    /// The path inside the container.
    public var path: String
    /// What happened to it.
    public var kind: Kind

    /// A change.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

/// `POST /commit`'s parameters.
public struct ContainerCommitOptions: Sendable {
    /// `repo` and `tag` (both empty: an untagged image).
    public var repository: String
    public var tag: String
    /// `comment` and `author`.
    public var comment: String
    public var author: String
    /// `changes`: Dockerfile instructions applied to the new image's config.
    public var changes: [String]
    /// `pause`: freeze the container while its changes are read (default true).
    public var pause: Bool
    /// The optional request body: a run config overriding the container's.
    public var config: ImageRunConfig?

    /// Commit options.
    public init(repository: String = "", tag: String = "", comment: String = "", author: String = "",
                changes: [String] = [], pause: Bool = true, config: ImageRunConfig? = nil) {
        self.repository = repository
        self.tag = tag
        self.comment = comment
        self.author = author
        self.changes = changes
        self.pause = pause
        self.config = config
    }
}

extension ContainerStore {
    /// `GET /containers/{name}/changes`: what the container added, changed and deleted (from its writable
    /// directory), sorted by path.
    public func changes(_ nameOrID: String) async throws -> [ContainerChange] {
        let id = try resolveID(nameOrID)
        let record = containers[id]!.record
        let layers = try await images.layerDirectories(of: record.Image)
        let upper = layout.upper(id)
        return try await BlockingWork.run { try Self.filesystemChanges(upper: upper, layers: layers) }
    }

    /// `GET /containers/{name}/export`: a tar of the container's whole root filesystem, streamed to `sink`;
    /// event `export`.
    public func export(_ nameOrID: String, to sink: @escaping @Sendable (Data) async throws -> Void) async throws {
        let id = try resolveID(nameOrID)
        let rootfs = try await mountedRootfs(id)
        publish("export", containers[id]!.record)
        try await Self.exportFilesystem(rootfs: rootfs.path, to: sink)
    }

    /// `POST /containers/{name}/copy` (Docker 1.2): a tar of `resource`, resolved inside the container's
    /// root (symlinks cannot lead out), streamed to `sink`; event `copy`.
    public func copy(_ nameOrID: String, resource: String, to sink: @escaping @Sendable (Data) async throws -> Void) async throws {
        let id = try resolveID(nameOrID)
        guard !resource.isEmpty else { throw DaemonError.system("Path cannot be empty") }
        let rootfs = try await mountedRootfs(id)
        try await Self.copyPath(rootfs: rootfs.path, resource: resource, containerName: nameOrID, to: sink)
        publish("copy", containers[id]!.record)
    }

    /// `POST /commit`: the container's changes as a new layer on its image, with its config (the options'
    /// config and changes applied); pauses it meanwhile when asked. Returns the new image ID; event `commit`.
    public func commit(_ nameOrID: String, options: ContainerCommitOptions) async throws -> String {
        let id = try resolveID(nameOrID)
        let record = containers[id]!.record
        let pauseIt = options.pause && record.State.Status == .running
        if pauseIt { try pause(id) }
        defer {
            if pauseIt { Task { try? await self.unpause(id) } }
        }
        let imageID = try await commitImage(record, upper: layout.upper(id), options: options)
        publish("commit", record)
        return imageID
    }

    // MARK: - The filesystem helpers (ctr-api's `ContainerChanges`, `ContainerArchive`, `ImageStore.commit`)

    static func filesystemChanges(upper: URL, layers: [URL]) throws -> [ContainerChange] {
        throw DaemonError.notImplemented("container changes are not built yet")
    }

    static func exportFilesystem(rootfs: String, to sink: @escaping @Sendable (Data) async throws -> Void) async throws {
        throw DaemonError.notImplemented("container export is not built yet")
    }

    static func copyPath(rootfs: String, resource: String, containerName: String,
                         to sink: @escaping @Sendable (Data) async throws -> Void) async throws {
        throw DaemonError.notImplemented("container copy is not built yet")
    }

    func commitImage(_ record: ContainerRecord, upper: URL, options: ContainerCommitOptions) async throws -> String {
        throw DaemonError.notImplemented("commit is not built yet")
    }
}
