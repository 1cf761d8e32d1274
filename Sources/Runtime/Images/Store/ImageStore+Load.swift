import Foundation

/// Progress of a load, for the JSON message stream.
public enum LoadProgress: Sendable, Equatable {
    /// A layer being read: `id` is the diff ID's first 12 hex digits (dockerd's "Loading layer" id).
    case loadingLayer(id: String, current: Int64, total: Int64)
}

/// What a load did.
public struct LoadResult: Sendable, Equatable {
    /// The lines dockerd prints, each ending in `\n`: `Loaded image: busybox:latest`, or `Loaded image ID:
    /// sha256:…` for untagged images, and `The image … already exists, renaming the old one …`.
    public var messages: [String]
    /// The loaded images' IDs, in archive order.
    public var ids: [String]
    /// The references set, as Docker displays them.
    public var references: [String]
}

extension ImageStore {
    /// `POST /images/load`: loads a `docker save` tarball (dockerd's manifest.json layout, any version) or an
    /// OCI image layout tarball, plain or compressed, from `body`. Every config is hashed and every layer's
    /// diff ID checked; any failure leaves the store as it was (no partial image). Publishes `load` events.
    public nonisolated func load<S: AsyncSequence>(
        _ body: S, progress: @escaping @Sendable (LoadProgress) -> Void = { _ in }
    ) async throws -> LoadResult where S.Element: DataProtocol {
        try await BlockingWork.offPool {
            let staging = try layout.makeStagingDirectory("load")
            defer { try? FileManager.default.removeItem(at: staging) }
            let upload = staging.appendingPathComponent("upload")
            _ = try await ByteSpool.spool(body, to: upload)
            let archive = staging.appendingPathComponent("archive")
            let architecture = options.architecture
            let items = try await BlockingWork.run { () throws -> [LoadItem] in
                try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: false)
                _ = try LayerExtractor(root: archive.path, mode: .archive).extract(tarPath: upload.path)
                unlink(upload.path)
                return try LoadSource.items(in: archive.path, architecture: architecture)
            }
            var result = LoadResult(messages: [], ids: [], references: [])
            var idLines: [String] = []
            var lastTagCount = 0
            var loaded: [(Digest, Digest?)] = []
            for (itemIndex, item) in items.enumerated() {
                let config = try ImageConfig.parse(item.raw)
                if let os = config.os, os != "linux" { throw ImageStoreError.invalidArchive("cannot load \(os) image on linux") }
                let diffIDs = config.diffIDs
                guard diffIDs.count == item.layerPaths.count else {
                    throw ImageStoreError.invalidArchive("invalid manifest, layers length mismatch: expected \(item.layerPaths.count), got \(diffIDs.count)")
                }
                let present = await pinPresent(diffIDs)
                var staged: [StagedLayer] = []
                do {
                    for (index, (diffID, path)) in zip(diffIDs, item.layerPaths).enumerated() where !present.contains(diffID) && !staged.contains(where: { $0.record.diffID == diffID }) {
                        let directory = staging.appendingPathComponent("layer-\(itemIndex)-\(index)")
                        var st = stat()
                        let total = stat(path, &st) == 0 ? Int64(st.st_size) : 0
                        let shortID = String(diffID.hex.prefix(12))
                        progress(.loadingLayer(id: shortID, current: 0, total: total))
                        let layer = try await BlockingWork.run {
                            try LayerStager.stage(URL(fileURLWithPath: path), in: directory, expected: diffID)
                        }
                        progress(.loadingLayer(id: shortID, current: total, total: total))
                        staged.append(layer)
                    }
                    let id = try await commitLoaded(item: item, config: config, staged: staged, result: &result)
                    await unpin(Array(present))
                    idLines.append("Loaded image ID: \(id)\n")
                    lastTagCount = item.tags.count
                    loaded.append((id, item.parent))
                } catch {
                    await unpin(Array(present))
                    throw error
                }
            }
            if lastTagCount == 0 { result.messages += idLines }
            await linkParents(loaded)
            return result
        }
    }

    private func commitLoaded(item: LoadItem, config: ImageConfig, staged: [StagedLayer], result: inout LoadResult) throws -> Digest {
        let id = try commit(config: item.raw, parsed: config, staged: staged, parent: nil)
        for reference in item.tags {
            let previous = try setReference(reference, to: id)
            if let previous, previous != id {
                result.messages.append("The image \(reference.familiarString) already exists, renaming the old one with ID \(previous) to empty string\n")
            }
            result.messages.append("Loaded image: \(reference.familiarString)\n")
            result.references.append(reference.familiarString)
        }
        result.ids.append(id.description)
        publish("load", id: id)
        return id
    }

    /// Sets parents the archive named, only between images of the same archive (dockerd's
    /// `validatedParentLinks`).
    private func linkParents(_ loaded: [(Digest, Digest?)]) {
        let ids = Set(loaded.map(\.0))
        for (id, parent) in loaded {
            guard let parent, parent != id, ids.contains(parent), images[id] != nil, images[parent] != nil else { continue }
            var metadata = images[id]!.metadata
            metadata.parent = parent
            guard (try? writeMetadata(metadata, for: id)) != nil else { continue }
            images[id]!.metadata = metadata
        }
    }
}
