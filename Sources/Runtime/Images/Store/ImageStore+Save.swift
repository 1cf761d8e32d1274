import Foundation

extension ImageStore {
    /// A resolved `save` request: every image and an open descriptor per layer, taken inside the actor so a
    /// concurrent delete cannot pull a layer from under the stream (unlinked files stay readable).
    struct SavePlan: Sendable {
        struct Image: Sendable {
            var id: Digest
            var raw: Data
            var config: ImageConfig
            var tags: [ImageReference]
            var parent: Digest?
        }

        var images: [Image]
        /// Open read-only descriptors of `layer.tar` by diff ID, closed by `close()`.
        var layerFiles: [Digest: Int32]

        func close() { for fd in layerFiles.values { Glibc.close(fd) } }
    }

    /// `GET /images/get?names=…` / `GET /images/{name}/get`: streams a `docker save` tarball in dockerd
    /// 20.10's layout (`<v1 id>/{VERSION,json,layer.tar}`, `<config hex>.json`, `manifest.json`,
    /// `repositories`) to `sink`, awaiting it between chunks. A name that resolves to nothing fails before the
    /// first byte. A repository name alone saves all its tags. Publishes a `save` event per image.
    public nonisolated func save(_ names: [String], to sink: @Sendable (Data) async throws -> Void) async throws {
        try await BlockingWork.offPool {
            let plan = try await prepareSave(names)
            defer { plan.close() }
            try await Self.writeSaveTar(plan, to: sink)
            for image in plan.images { await publish("save", id: image.id) }
        }
    }

    func prepareSave(_ names: [String]) throws -> SavePlan {
        var order: [Digest] = []
        var tags: [Digest: [ImageReference]] = [:]
        func add(_ id: Digest, _ reference: ImageReference?) {
            if tags[id] == nil { order.append(id); tags[id] = [] }
            if let reference, reference.digest == nil, !tags[id]!.contains(reference.withDefaultTag()) {
                tags[id]!.append(reference.withDefaultTag())
            }
        }
        for name in names {
            if let reference = try? ImageReference.parse(name), reference.familiarName != "sha256", Digest(hex: name) == nil {
                if reference.isNameOnly {
                    let tagged = references.references(inRepository: reference.name)
                    if !tagged.isEmpty {
                        for (ref, id) in tagged where images[id] != nil { add(id, ref) }
                        continue
                    }
                } else if let id = references.target(of: reference), images[id] != nil {
                    add(id, reference)
                    continue
                }
            }
            add(try resolveID(name), nil)
        }
        var files: [Digest: Int32] = [:]
        var plan = SavePlan(images: [], layerFiles: [:])
        do {
            for id in order {
                let image = images[id]!
                guard !image.config.diffIDs.isEmpty else { throw ImageStoreError.system("empty export - not implemented") }
                for diffID in image.config.diffIDs where files[diffID] == nil {
                    let fd = open(layout.layerTar(diffID).path, O_RDONLY | O_CLOEXEC)
                    guard fd >= 0 else { throw ImageStoreError.system(POSIXFailure(operation: "open", path: layout.layerTar(diffID).path).description) }
                    files[diffID] = fd
                }
                plan.images.append(.init(id: id, raw: image.raw, config: image.config, tags: tags[id]!, parent: image.metadata.parent))
            }
        } catch {
            for fd in files.values { close(fd) }
            throw error
        }
        plan.layerFiles = files
        return plan
    }

    private static func writeSaveTar(_ plan: SavePlan, to sink: @Sendable (Data) async throws -> Void) async throws {
        enum Source { case directory, bytes(Data), layer(Int32), symlink(String) }
        var entries: [(name: String, mtime: Int64, source: Source)] = []
        var manifest: [GoJSON] = []
        var repositories: [String: [String: GoJSON]] = [:]
        var savedLayerPaths: [Digest: String] = [:]
        var savedV1: Set<String> = []
        let ids = Set(plan.images.map(\.id))
        for image in plan.images {
            let diffIDs = image.config.diffIDs
            let mtime = image.config.createdTime?.seconds ?? 0
            let legacy = LegacyLayerJSON.layers(for: image.config, diffIDs: diffIDs)
            for (layer, diffID) in zip(legacy, diffIDs) where !savedV1.contains(layer.id) {
                savedV1.insert(layer.id)
                entries.append((layer.id, mtime, .directory))
                entries.append(("\(layer.id)/VERSION", mtime, .bytes(Data("1.0".utf8))))
                entries.append(("\(layer.id)/json", mtime, .bytes(layer.json)))
                if let previous = savedLayerPaths[diffID] {
                    entries.append(("\(layer.id)/layer.tar", mtime, .symlink("../\(previous)")))
                } else {
                    entries.append(("\(layer.id)/layer.tar", mtime, .layer(plan.layerFiles[diffID]!)))
                    savedLayerPaths[diffID] = "\(layer.id)/layer.tar"
                }
            }
            entries.append(("\(image.id.hex).json", mtime, .bytes(image.raw)))
            for tag in image.tags {
                repositories[tag.familiarName, default: [:]][tag.tag!] = .string(legacy.last!.id)
            }
            var item: [(String, GoJSON)] = [
                ("Config", .string("\(image.id.hex).json")),
                ("RepoTags", image.tags.isEmpty ? .null : .array(image.tags.map { .string($0.familiarString) })),
                ("Layers", .array(legacy.map { .string("\($0.id)/layer.tar") })),
            ]
            if let parent = image.parent, ids.contains(parent) { item.append(("Parent", .string(parent.description))) }
            manifest.append(.object(item))
        }
        entries.append(("manifest.json", 0, .bytes(GoJSON.array(manifest).serialized() + Data("\n".utf8))))
        if !repositories.isEmpty {
            let json = GoJSON.sortedObject(repositories.mapValues { GoJSON.sortedObject($0) })
            entries.append(("repositories", 0, .bytes(json.serialized() + Data("\n".utf8))))
        }
        entries.sort { $0.name < $1.name }

        let writer = try TarWriter()
        for entry in entries {
            switch entry.source {
            case .directory: try writer.addDirectory(entry.name, mtime: entry.mtime)
            case .bytes(let data): try writer.addFile(entry.name, contents: data, mtime: entry.mtime)
            case .symlink(let target): try writer.addSymlink(entry.name, target: target, mtime: entry.mtime)
            case .layer(let fd):
                var st = stat()
                guard fstat(fd, &st) == 0 else { throw ImageStoreError.system("cannot stat a layer being saved") }
                try writer.beginFile(entry.name, size: Int64(st.st_size), mtime: entry.mtime)
                var offset: Int64 = 0
                var chunk = Data(count: 1 << 20)
                while offset < Int64(st.st_size) {
                    let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { throw ImageStoreError.system("layer file ended early while saving") }
                    try writer.writeData(chunk.prefix(n))
                    offset += Int64(n)
                    let out = writer.drain()
                    if !out.isEmpty { try await sink(out) }
                }
            }
            let out = writer.drain()
            if !out.isEmpty { try await sink(out) }
        }
        try writer.finish()
        let tail = writer.drain()
        if !tail.isEmpty { try await sink(tail) }
    }
}
