import Errdefs
import Foundation

/// Parameters of `POST /images/create?fromSrc=-` (`docker import`).
public struct ImportOptions: Sendable {
    /// `repo`: the repository to tag the image into; empty for an untagged image.
    public var repository: String
    /// `tag`: the tag (default `latest` when a repository is given).
    public var tag: String
    /// `changes`: Dockerfile instructions applied to the config (one per element).
    public var changes: [String]
    /// `message`: the history comment (default `Imported from -`).
    public var message: String
    /// The source, for the default message (`-` for a request body).
    public var source: String

    /// The parameters as the route received them.
    public init(repository: String = "", tag: String = "", changes: [String] = [], message: String = "", source: String = "-") {
        self.repository = repository
        self.tag = tag
        self.changes = changes
        self.message = message
        self.source = source
    }
}

/// Progress of an import, for the JSON message stream.
public enum ImportProgress: Sendable, Equatable {
    /// Bytes of the upload received so far.
    case receiving(bytes: Int64)
    /// The upload is complete; decompressing and extracting.
    case extracting
}

/// What an import produced.
public struct ImportResult: Sendable, Equatable {
    /// The new image's ID (`sha256:…`); dockerd's stream ends with `{"status":"<id>"}`.
    public var id: String
    /// The reference it was tagged with, as Docker displays it (`app:latest`), if any.
    public var reference: String?
}

extension ImageStore {
    /// Imports a root filesystem tarball (plain, gzip, bzip2, xz or zstd) from `body` as a one-layer image,
    /// writing the config dockerd writes for `docker import`. Parameters are checked before the body is read.
    /// Publishes `tag` (when tagged) and `import` events.
    public nonisolated func importImage<S: AsyncSequence>(
        _ body: S, options: ImportOptions, progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }
    ) async throws -> ImportResult where S.Element: DataProtocol {
        var reference: ImageReference?
        if !options.repository.isEmpty {
            let parsed = try ImageReference.parse(repository: options.repository, tag: options.tag)
            if parsed.digest != nil { throw DaemonError.invalidParameter("cannot import digest reference") }
            reference = parsed
        }
        var runConfig = ImageRunConfig()
        try ConfigChanges.apply(options.changes, to: &runConfig)
        let message = options.message.isEmpty ? "Imported from \(options.source)" : options.message

        return try await BlockingWork.offPool {
            let staging = try layout.makeStagingDirectory("import")
            defer { try? FileManager.default.removeItem(at: staging) }
            let upload = staging.appendingPathComponent("upload")
            _ = try await ByteSpool.spool(body, to: upload) { progress(.receiving(bytes: $0)) }
            progress(.extracting)
            let layerDirectory = staging.appendingPathComponent("layer")
            let staged = try await BlockingWork.run { try LayerStager.stage(upload, in: layerDirectory) }

            let raw = Self.importConfig(run: runConfig, message: message, diffID: staged.record.diffID,
                                        architecture: self.options.architecture, dockerVersion: self.options.dockerVersion)
            return try await commitImport(raw: raw, layer: staged, reference: reference)
        }
    }

    private func commitImport(raw: Data, layer: StagedLayer, reference: ImageReference?) throws -> ImportResult {
        let id = try commit(config: raw, parsed: try ImageConfig.parse(raw), staged: [layer], parent: nil)
        if let reference {
            try setReference(reference, to: id)
            publish("tag", id: id, name: reference.familiarString)
        }
        publish("import", id: id)
        return ImportResult(id: id.description, reference: reference?.familiarString)
    }

    /// The config bytes dockerd 20.10 writes for an import (`image.Image` marshalled with sorted top-level keys).
    static func importConfig(run: ImageRunConfig, message: String, diffID: Digest, architecture: String,
                             dockerVersion: String, created: GoTime = .now()) -> Data {
        let time = GoJSON.string(created.rfc3339Nano)
        var top: [String: GoJSON] = [
            "architecture": .string(architecture),
            "comment": .string(message),
            "config": run.goJSON,
            "container_config": ImageRunConfig().goJSON,
            "created": time,
            "history": .array([.object([("created", time), ("comment", .string(message))])]),
            "os": .string("linux"),
            "rootfs": .object([("type", .string("layers")), ("diff_ids", .array([.string(diffID.description)]))]),
        ]
        if !dockerVersion.isEmpty { top["docker_version"] = .string(dockerVersion) }
        return GoJSON.sortedObject(top).serialized()
    }
}
