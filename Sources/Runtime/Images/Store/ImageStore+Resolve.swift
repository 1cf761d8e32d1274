import Errdefs
import Foundation

extension ImageStore {
    /// Finds the image a user means, as dockerd's `GetImage`: a full ID (`sha256:<hex>` or bare 64 hex), a
    /// repository reference (`busybox`, `busybox:1.36`, `docker.io/library/busybox@sha256:…`; default tag
    /// `latest`), or a unique ID prefix (`3f57`, `sha256:3f57`).
    ///
    /// Throws invalid-parameter for a malformed reference or an ambiguous prefix, and not-found
    /// `No such image: <ref>` otherwise.
    public func resolve(_ nameOrID: String) throws -> String {
        try resolveID(nameOrID).description
    }

    func resolveID(_ nameOrID: String) throws -> Digest {
        if let id = Digest(nameOrID) ?? Digest(hex: nameOrID) {
            guard images[id] != nil else { throw ImageStoreError.noSuchImage(id.description) }
            return id
        }
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(nameOrID)
        } catch {
            // `sha256:<short>` is not a valid name after all (`sha256:ABC` …); treat as a prefix if it is one.
            if let id = try searchPrefix(nameOrID) { return id }
            throw error
        }
        if let id = references.target(of: reference.withDefaultTag()), images[id] != nil { return id }
        if let id = try searchPrefix(nameOrID) { return id }
        throw ImageStoreError.noSuchImage(reference.withDefaultTag().familiarString)
    }

    /// The image whose ID starts with `term` (optionally `sha256:`-prefixed); nil if none.
    private func searchPrefix(_ term: String) throws -> Digest? {
        let prefix = term.hasPrefix("sha256:") ? String(term.dropFirst(7)) : term
        guard Digest.isLowerHex(prefix), prefix.count <= 64 else { return nil }
        let matches = images.keys.filter { $0.hex.hasPrefix(prefix) }
        if matches.count > 1 {
            throw DaemonError.invalidParameter("image ID prefix \(prefix) is ambiguous: it matches \(matches.count) images")
        }
        return matches.first
    }

    /// The image's layer directories for stacking, lowest first: each is the extracted `root/` of one layer,
    /// to be used read-only (overlayfs `lowerdir` takes them highest first, so reverse them there). See
    /// `layerRecords(of:)` for the whiteouts when overlay-form whiteouts could not be made.
    public func layerDirectories(of nameOrID: String) throws -> [URL] {
        let id = try resolveID(nameOrID)
        return images[id]!.config.diffIDs.map { layout.layerRoot($0) }
    }

    /// The extraction facts (whiteouts, opaque directories, sizes) of the image's layers, lowest first.
    public func layerExtractions(of nameOrID: String) throws -> [ExtractionResult] {
        let id = try resolveID(nameOrID)
        return images[id]!.config.diffIDs.map { layers[$0]!.extraction }
    }

    /// The image's run configuration (`config`), for creating containers from it.
    public func runConfig(of nameOrID: String) throws -> ImageRunConfig? {
        images[try resolveID(nameOrID)]!.config.config
    }
}
