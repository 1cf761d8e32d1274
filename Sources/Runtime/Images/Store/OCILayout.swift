import Foundation

/// An OCI image layout (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`): finds the image manifests for this
/// platform, checking every blob against its digest before use, and names them from the
/// `io.containerd.image.name` annotation (or a full reference in `org.opencontainers.image.ref.name`).
struct OCILayout {
    let root: String
    let architecture: String

    private struct Descriptor: Decodable {
        var mediaType: String?
        var digest: String
        var size: Int64?
        var annotations: [String: String]?
        var platform: Platform?
    }

    private struct Platform: Decodable {
        var architecture: String?
        var os: String?
    }

    private struct Index: Decodable {
        var manifests: [Descriptor]?
    }

    private struct Manifest: Decodable {
        var mediaType: String?
        var config: Descriptor?
        var layers: [Descriptor]?
        var manifests: [Descriptor]?
    }

    func items() throws -> [LoadItem] {
        let data = try ScopedPath.read("index.json", in: root, limit: LoadSource.manifestLimit)
        guard let index = try? JSONDecoder().decode(Index.self, from: data) else {
            throw ImageStoreError.invalidArchive("invalid index.json")
        }
        var items: [String: LoadItem] = [:]
        var order: [String] = []
        for descriptor in index.manifests ?? [] {
            guard let (manifest, digest) = try resolveManifest(descriptor, depth: 0) else { continue }
            let tags = name(of: descriptor).map { [$0] } ?? []
            if var existing = items[digest] {
                existing.tags += tags.filter { !existing.tags.contains($0) }
                items[digest] = existing
                continue
            }
            guard let configDescriptor = manifest.config else { throw ImageStoreError.invalidArchive("manifest \(digest) has no config") }
            let raw = try blob(configDescriptor)
            let layerPaths = try (manifest.layers ?? []).map { try blobPath($0.digest) }
            items[digest] = LoadItem(raw: raw, layerPaths: layerPaths, tags: tags, parent: nil)
            order.append(digest)
        }
        return order.map { items[$0]! }
    }

    /// Follows nested indexes down to the image manifest for linux/<architecture> (or the only one).
    private func resolveManifest(_ descriptor: Descriptor, depth: Int) throws -> (Manifest, String)? {
        guard depth < 4 else { throw ImageStoreError.invalidArchive("image indexes nested too deeply") }
        let data = try blob(descriptor)
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else {
            throw ImageStoreError.invalidArchive("blob \(descriptor.digest) is not a manifest or index")
        }
        guard let children = manifest.manifests else { return (manifest, descriptor.digest) }
        let candidates = children.filter { child in
            child.annotations?["vnd.docker.reference.type"] != "attestation-manifest"
                && (child.platform == nil || (child.platform?.os == "linux" && child.platform?.architecture == architecture))
        }
        guard let chosen = candidates.first ?? (children.count == 1 ? children.first : nil) else { return nil }
        return try resolveManifest(chosen, depth: depth + 1)
    }

    private func name(of descriptor: Descriptor) -> ImageReference? {
        for key in ["io.containerd.image.name", "org.opencontainers.image.ref.name"] {
            if let text = descriptor.annotations?[key], text.contains(":") || text.contains("/"),
               let reference = try? ImageReference.parse(text), reference.tag != nil, reference.digest == nil {
                return reference
            }
        }
        return nil
    }

    /// The blob's path, only for a well-formed sha256 digest (never a path built from arbitrary text).
    private func blobPath(_ digest: String) throws -> String {
        guard let parsed = Digest(digest) else { throw ImageStoreError.invalidArchive("invalid blob digest \(digest)") }
        return try ScopedPath.resolve("blobs/sha256/\(parsed.hex)", in: root)
    }

    /// A small blob's bytes, verified against the digest that named it.
    private func blob(_ descriptor: Descriptor) throws -> Data {
        let path = try blobPath(descriptor.digest)
        let data = try ScopedPath.read(String(path.dropFirst(root.count + 1)), in: root, limit: LoadSource.manifestLimit)
        guard Digest.of(data).description == descriptor.digest else {
            throw ImageStoreError.invalidArchive("blob \(descriptor.digest) does not match its digest")
        }
        return data
    }
}
