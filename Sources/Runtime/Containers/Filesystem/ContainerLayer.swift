import Foundation

/// The items of the layer a commit adds: the container's changes in the layer tar form images use, with
/// deletions as `.wh.<name>` files and opaque directories marked by `.wh..wh..opq` inside them.
enum ContainerLayer {
    /// With overlayfs the upper directory is the layer (converted from overlay's whiteout form); with the
    /// copy fallback it is the whole tree, so the changes against `lowerLayers` pick the entries.
    /// Paths in `excluding` (absolute, as seen inside the container) are left out.
    static func items(
        upperDirectory: String, isOverlay: Bool, lowerLayers: [String], lowerExtractions: [ExtractionResult],
        excluding: Set<String> = []
    ) throws -> () throws -> TarItem? {
        let upper = ContainerArchive.normalized(upperDirectory)
        guard isOverlay else {
            var changes = try ContainerChanges.changes(
                upperDirectory: upper, isOverlay: false, lowerLayers: lowerLayers, lowerExtractions: lowerExtractions
            ).filter { !excluding.contains($0.path) }[...]
            return {
                guard let change = changes.popFirst() else { return nil }
                let relative = String(change.path.dropFirst())
                return change.kind == .deleted ? .emptyFile(name: whiteoutName(relative)) : .disk(path: upper + change.path, name: relative)
            }
        }
        var walker = DirectoryWalker(root: upper)
        var queued: [TarItem] = []
        return {
            if !queued.isEmpty { return queued.removeFirst() }
            var next = walker.next()
            while let entry = next, excluding.contains("/" + entry.relative) { next = walker.next() }
            guard let entry = next else { return nil }
            if LowerLayers.isWhiteoutDevice(entry.info) { return .emptyFile(name: whiteoutName(entry.relative)) }
            if entry.isDirectory && OverlayXattr.isOpaque(entry.path) {
                queued.append(.emptyFile(name: entry.relative + "/.wh..wh..opq"))
            }
            return .disk(path: entry.path, name: entry.relative)
        }
    }

    /// Writes the layer tar to `file`; returns how many entries it has (0: an empty layer).
    static func write(
        upperDirectory: String, isOverlay: Bool, lowerLayers: [String], lowerExtractions: [ExtractionResult],
        excluding: Set<String> = [], to file: URL
    ) throws -> Int {
        let writer = try DiskTarWriter(source: try items(
            upperDirectory: upperDirectory, isOverlay: isOverlay, lowerLayers: lowerLayers, lowerExtractions: lowerExtractions,
            excluding: excluding))
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw ImageStoreError.system(POSIXFailure(operation: "create", path: file.path).description)
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        while let chunk = try writer.nextChunk() { try handle.write(contentsOf: chunk) }
        return writer.entryCount
    }

    /// `dir/name` → `dir/.wh.name`.
    private static func whiteoutName(_ relative: String) -> String {
        guard let slash = relative.lastIndex(of: "/") else { return ".wh." + relative }
        return relative[...slash] + ".wh." + relative[relative.index(after: slash)...]
    }
}
