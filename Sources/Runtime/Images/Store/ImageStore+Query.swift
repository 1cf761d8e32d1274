import Foundation

extension ImageStore {
    /// `GET /images/json`: the images, newest first. Without `all`, untagged images that are parents of others
    /// are hidden. Throws for bad filters or a `before`/`since` image that does not exist.
    public func list(all: Bool = false, filters: ImageListFilters = .none) throws -> [ImageSummary] {
        let beforeTime = try filters.before.last.map { try createdOf(try resolveID($0)) }
        let sinceTime = try filters.since.last.map { try createdOf(try resolveID($0)) }
        let parents = Set(images.values.compactMap(\.metadata.parent))
        var rows: [(GoTime, ImageSummary)] = []
        for image in images.values {
            let created = image.config.createdTime ?? GoTime(seconds: 0)
            if let beforeTime, created >= beforeTime { continue }
            if let sinceTime, created <= sinceTime { continue }
            if let until = filters.until, created >= until { continue }
            if !filters.labels.isEmpty, !filters.matchesLabels(image.config.config?.Labels) { continue }
            var refs = references.references(to: image.id)
            if !filters.references.isEmpty {
                refs = refs.filter { ref in filters.references.contains { ImageListFilters.referenceMatches($0, ref) } }
            }
            let tags = refs.filter { $0.tag != nil }.map(\.familiarString)
            let digests = refs.filter { $0.digest != nil }.map(\.familiarString)
            if tags.isEmpty && digests.isEmpty {
                if !all && parents.contains(image.id) { continue }
                if filters.dangling == false || !filters.references.isEmpty { continue }
            } else if filters.dangling == true {
                continue
            }
            let size = self.size(of: image)
            rows.append((created, ImageSummary(
                created: created.seconds, id: image.id.description, labels: image.config.config?.Labels ?? [:],
                parentID: image.metadata.parent?.description ?? "", repoDigests: digests, repoTags: tags,
                size: size, virtualSize: size)))
        }
        return rows.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.id < $1.1.id }.map(\.1)
    }

    /// `GET /images/{name}/json`.
    public func inspect(_ nameOrID: String) throws -> ImageInspect {
        let image = images[try resolveID(nameOrID)]!
        let refs = references.references(to: image.id)
        let diffIDs = image.config.diffIDs
        let roots = diffIDs.map { layout.layerRoot($0).path }
        var driverData: [String: String] = [:]
        if let top = roots.last {
            driverData["UpperDir"] = top
            if roots.count > 1 { driverData["LowerDir"] = roots.dropLast().reversed().joined(separator: ":") }
        }
        let size = self.size(of: image)
        let config = image.config
        return ImageInspect(
            id: image.id.description, repoTags: refs.filter { $0.tag != nil }.map(\.familiarString),
            repoDigests: refs.filter { $0.digest != nil }.map(\.familiarString),
            parent: image.metadata.parent?.description ?? "", comment: config.comment ?? "",
            created: config.createdTime?.rfc3339Nano ?? config.created, container: config.container ?? "",
            containerConfig: config.containerConfig ?? ImageRunConfig(), dockerVersion: config.dockerVersion ?? "",
            author: config.author ?? "", config: config.config, architecture: config.architecture ?? "",
            variant: config.variant, os: config.os ?? "linux", osVersion: config.osVersion, size: size,
            virtualSize: size, graphDriver: .init(data: driverData, name: "overlay2"),
            rootFS: .init(type: "layers", layers: diffIDs.map(\.description)),
            metadata: .init(lastTagTime: image.metadata.lastTagTime ?? "0001-01-01T00:00:00Z"))
    }

    /// `GET /images/{name}/history`: one entry per history item, newest first; sizes come from the layers
    /// that non-empty entries added. The newest entry carries the image's ID and tags, older ones their
    /// parent images' IDs while there are parents, then `<missing>` (as dockerd).
    public func history(_ nameOrID: String) throws -> [ImageHistoryEntry] {
        let image = images[try resolveID(nameOrID)]!
        let diffIDs = image.config.diffIDs
        var entries: [ImageHistoryEntry] = []
        var layerIndex = 0
        for item in image.config.history ?? [] {
            var size: Int64 = 0
            if item.emptyLayer != true {
                guard layerIndex < diffIDs.count else {
                    throw ImageStoreError.invalidConfig("too many non-empty layers in History section")
                }
                size = layers[diffIDs[layerIndex]]?.extraction.size ?? 0
                layerIndex += 1
            }
            entries.insert(ImageHistoryEntry(
                id: "<missing>", created: item.created.flatMap(GoTime.init(rfc3339:))?.seconds ?? 0,
                createdBy: item.createdBy ?? "", tags: nil, size: size, comment: item.comment ?? ""), at: 0)
        }
        var current: StoredImage? = image
        for index in entries.indices {
            guard let shown = current else { break }
            entries[index].id = shown.id.description
            let tags = references.references(to: shown.id).filter { $0.tag != nil }.map(\.familiarString)
            entries[index].tags = tags.isEmpty ? nil : tags
            current = shown.metadata.parent.flatMap { images[$0] }
        }
        return entries
    }

    /// `GET /images/viz` (Docker 1.2): the image tree as Graphviz `dot` text, parent → child, tagged images
    /// boxed with their tags.
    public func viz() -> String {
        var out = "digraph docker {\n"
        for image in images.values.sorted(by: { $0.id < $1.id }) {
            if let parent = image.metadata.parent {
                out += " \"\(parent.hex)\" -> \"\(image.id.hex)\"\n"
            } else {
                out += " base -> \"\(image.id.hex)\" [style=invis]\n"
            }
        }
        for image in images.values.sorted(by: { $0.id < $1.id }) {
            let tags = references.references(to: image.id).map(\.familiarString)
            guard !tags.isEmpty else { continue }
            out += " \"\(image.id.hex)\" [label=\"\(image.id.hex)\\n\(tags.joined(separator: "\\n"))\",shape=box,fillcolor=\"paleturquoise\",style=\"filled,rounded\"];\n"
        }
        return out + " base [style=invisible]\n}\n"
    }

    func size(of image: StoredImage) -> Int64 {
        image.config.diffIDs.reduce(0) { $0 + (layers[$1]?.extraction.size ?? 0) }
    }

    private func createdOf(_ id: Digest) throws -> GoTime {
        images[id]!.config.createdTime ?? GoTime(seconds: 0)
    }
}
