import Foundation

/// One image found in an extracted `docker load` archive, with everything still unverified except that every
/// path resolves inside the archive.
struct LoadItem: Sendable {
    /// The config bytes; the image ID is their sha256.
    var raw: Data
    /// Absolute paths of the layer blobs inside the extracted archive, lowest first.
    var layerPaths: [String]
    /// References to tag the image with.
    var tags: [ImageReference]
    /// The parent the archive names (docker format only).
    var parent: Digest?
}

/// Reads what images an extracted archive holds: `manifest.json` (dockerd's `docker save`, any version) or,
/// failing that, an OCI image layout (`index.json` + `blobs/`, as containerd and BuildKit write it).
enum LoadSource {
    static let manifestLimit = 8 << 20

    static func items(in root: String, architecture: String) throws -> [LoadItem] {
        var st = stat()
        if lstat(root + "/manifest.json", &st) == 0 { return try dockerItems(in: root) }
        if lstat(root + "/index.json", &st) == 0 { return try OCILayout(root: root, architecture: architecture).items() }
        throw ImageStoreError.invalidArchive("invalid archive: it has neither manifest.json nor index.json (pre-1.10 archives are not supported)")
    }

    private struct ManifestItem: Decodable {
        var Config: String
        var RepoTags: [String]?
        var Layers: [String]
        var Parent: String?
    }

    private static func dockerItems(in root: String) throws -> [LoadItem] {
        let data = try ScopedPath.read("manifest.json", in: root, limit: manifestLimit)
        let manifest: [ManifestItem]?
        do {
            manifest = try JSONDecoder().decode([ManifestItem]?.self, from: data)
        } catch {
            throw ImageStoreError.invalidArchive("invalid manifest.json: \(error)")
        }
        guard let manifest else { throw ImageStoreError.invalidArchive("invalid manifest, manifest cannot be null (but can be [])") }
        return try manifest.map { item in
            let raw = try ScopedPath.read(item.Config, in: root, limit: manifestLimit)
            let tags = try (item.RepoTags ?? []).map { name -> ImageReference in
                let reference = try ImageReference.parse(name)
                guard reference.tag != nil, reference.digest == nil else { throw ImageStoreError.invalidArchive("invalid tag \"\(name)\"") }
                return reference
            }
            var parent: Digest?
            if let text = item.Parent, !text.isEmpty {
                guard let digest = Digest(text) else { throw ImageStoreError.invalidArchive("invalid parent \(text)") }
                parent = digest
            }
            return LoadItem(raw: raw, layerPaths: try item.Layers.map { try ScopedPath.resolve($0, in: root) },
                            tags: tags, parent: parent)
        }
    }
}
