import Errdefs
import Foundation

/// Parameters of `POST /commit` (`docker commit`), as the container store resolved them.
public struct CommitOptions: Sendable {
    /// The container's full ID (the new config's `container`).
    public var containerID: String
    /// The container's image (name or ID): the parent of the new image.
    public var image: String
    /// The container's config (image defaults merged in): the new image's `container_config`, and its
    /// `config` once `changes` are applied.
    public var config: ImageRunConfig
    /// `changes`: Dockerfile instructions, one per element.
    public var changes: [String]
    /// `comment`.
    public var comment: String
    /// `author`.
    public var author: String
    /// `repo` (may carry the tag); empty for an untagged image.
    public var repository: String
    /// `tag` (default `latest` with a repository).
    public var tag: String
    /// The container's writable directory (overlay upper dir, or the whole copied tree).
    public var upperDirectory: String
    /// Whether `upperDirectory` is an overlay upper dir.
    public var isOverlay: Bool
    /// Paths inside the container (`/etc/hosts`…) left out of the new layer: files the runtime provides to every
    /// container, which Docker keeps in a layer of their own that commits never include.
    public var excludedPaths: Set<String>

    /// Commit parameters.
    public init(
        containerID: String, image: String, config: ImageRunConfig, changes: [String] = [], comment: String = "",
        author: String = "", repository: String = "", tag: String = "", upperDirectory: String, isOverlay: Bool,
        excludedPaths: Set<String> = []
    ) {
        self.containerID = containerID
        self.image = image
        self.config = config
        self.changes = changes
        self.comment = comment
        self.author = author
        self.repository = repository
        self.tag = tag
        self.upperDirectory = upperDirectory
        self.isOverlay = isOverlay
        self.excludedPaths = excludedPaths
    }
}

extension ImageStore {
    /// Makes an image of a container: the parent image's layers plus one made from the container's changes
    /// (none when it changed nothing: the history entry is then an empty layer), the container's config with
    /// `changes` applied, and a history entry carrying the comment and author. Tags it when asked (publishing
    /// `tag`); the container store publishes the container's `commit` event. Returns the new image's ID.
    public nonisolated func commit(_ options: CommitOptions) async throws -> String {
        var reference: ImageReference?
        if !options.repository.isEmpty {
            let parsed = try ImageReference.parse(repository: options.repository, tag: options.tag)
            if parsed.digest != nil { throw DaemonError.invalidParameter("cannot commit to digest reference") }
            reference = parsed
        }
        var config = options.config
        try ConfigChanges.apply(options.changes, to: &config)
        let parent = try await pinnedParent(options.image)
        do {
            let id = try await commitPinned(options, config: config, parent: parent, reference: reference)
            await unpin(parent.diffIDs)
            return id
        } catch {
            await unpin(parent.diffIDs)
            throw error
        }
    }

    private nonisolated func commitPinned(
        _ options: CommitOptions, config: ImageRunConfig, parent: CommitParent, reference: ImageReference?
    ) async throws -> String {
        let lowerLayers = parent.layerDirectories.map(\.path)
        let lowerExtractions = parent.extractions
        return try await BlockingWork.offPool {
            let staging = try layout.makeStagingDirectory("commit")
            defer { try? FileManager.default.removeItem(at: staging) }
            let tar = staging.appendingPathComponent("layer-upload.tar")
            let staged = try await BlockingWork.run { () throws -> StagedLayer? in
                let entries = try ContainerLayer.write(
                    upperDirectory: options.upperDirectory, isOverlay: options.isOverlay,
                    lowerLayers: lowerLayers, lowerExtractions: lowerExtractions, excluding: options.excludedPaths, to: tar)
                guard entries > 0 else { return nil }
                return try LayerStager.stage(tar, in: staging.appendingPathComponent("layer"))
            }
            let raw = Self.commitConfig(
                options: options, config: config, parent: parent, newLayer: staged?.record.diffID,
                architecture: parent.architecture ?? self.options.architecture, dockerVersion: self.options.dockerVersion)
            return try await finishCommit(raw: raw, staged: staged, parent: parent.id, reference: reference)
        }
    }

    /// The parent as a commit needs it, its layers pinned until the commit is done.
    struct CommitParent: Sendable {
        var id: Digest
        var diffIDs: [Digest]
        var layerDirectories: [URL]
        var extractions: [ExtractionResult]
        var history: [GoJSON]
        var architecture: String?
    }

    private func pinnedParent(_ image: String) throws -> CommitParent {
        let id = try resolveID(image)
        let config = images[id]!.config
        pin(config.diffIDs)
        let history = (config.history ?? []).map { entry -> GoJSON in
            var pairs: [(String, GoJSON)] = []
            if let created = entry.created { pairs.append(("created", .string(created))) }
            if let createdBy = entry.createdBy, !createdBy.isEmpty { pairs.append(("created_by", .string(createdBy))) }
            if let author = entry.author, !author.isEmpty { pairs.append(("author", .string(author))) }
            if let comment = entry.comment, !comment.isEmpty { pairs.append(("comment", .string(comment))) }
            if entry.emptyLayer == true { pairs.append(("empty_layer", .bool(true))) }
            return .object(pairs)
        }
        return CommitParent(
            id: id, diffIDs: config.diffIDs, layerDirectories: config.diffIDs.map { layout.layerRoot($0) },
            extractions: config.diffIDs.map { layers[$0]!.extraction }, history: history, architecture: config.architecture)
    }

    private func finishCommit(raw: Data, staged: StagedLayer?, parent: Digest, reference: ImageReference?) throws -> String {
        let id = try commit(config: raw, parsed: try ImageConfig.parse(raw), staged: staged.map { [$0] } ?? [], parent: parent)
        if let reference {
            try setReference(reference, to: id)
            publish("tag", id: id, name: reference.familiarString)
        }
        return id.description
    }

    /// The config dockerd writes for a commit (`image.Image` with sorted top-level keys).
    static func commitConfig(
        options: CommitOptions, config: ImageRunConfig, parent: CommitParent, newLayer: Digest?, architecture: String,
        dockerVersion: String, created: GoTime = .now()
    ) -> Data {
        let time = GoJSON.string(created.rfc3339Nano)
        var entry: [(String, GoJSON)] = [("created", time)]
        let createdBy = (options.config.Cmd ?? []).joined(separator: " ")
        if !createdBy.isEmpty { entry.append(("created_by", .string(createdBy))) }
        if !options.author.isEmpty { entry.append(("author", .string(options.author))) }
        if !options.comment.isEmpty { entry.append(("comment", .string(options.comment))) }
        if newLayer == nil { entry.append(("empty_layer", .bool(true))) }
        let diffIDs = parent.diffIDs + (newLayer.map { [$0] } ?? [])
        var top: [String: GoJSON] = [
            "architecture": .string(architecture),
            "config": config.goJSON,
            "container": .string(options.containerID),
            "container_config": options.config.goJSON,
            "created": time,
            "history": .array(parent.history + [.object(entry)]),
            "os": .string("linux"),
            "parent": .string(parent.id.description),
            "rootfs": .object([("type", .string("layers")), ("diff_ids", .array(diffIDs.map { .string($0.description) }))]),
        ]
        if !options.author.isEmpty { top["author"] = .string(options.author) }
        if !options.comment.isEmpty { top["comment"] = .string(options.comment) }
        if !dockerVersion.isEmpty { top["docker_version"] = .string(dockerVersion) }
        return GoJSON.sortedObject(top).serialized()
    }
}
