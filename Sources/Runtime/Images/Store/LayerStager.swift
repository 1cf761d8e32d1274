import Foundation

/// Turns a layer as received (plain or compressed tar) into a `StagedLayer`: decompressed to `layer.tar` while
/// hashing (the diff ID), extracted to `root/` by `LayerExtractor`, and described by `layer.json` — all inside
/// one staging directory that the store renames into place, or deletes on any failure.
enum LayerStager {
    static func stage(_ source: URL, in staging: URL, expected: Digest? = nil,
                      progress: ((Int64) -> Void)? = nil) throws -> StagedLayer {
        let fm = FileManager.default
        try fm.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        do {
            let tar = staging.appendingPathComponent("layer.tar")
            let output = try Decompressor.decompress(source, to: tar, progress: progress)
            if let expected, expected != output.digest {
                throw ImageStoreError.invalidArchive("invalid diffID for layer: expected \"\(expected)\", got \"\(output.digest)\"")
            }
            let root = staging.appendingPathComponent("root")
            try fm.createDirectory(at: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            let extraction = try LayerExtractor(root: root.path, mode: .layer).extract(tarPath: tar.path)
            let record = LayerRecord(diffID: output.digest, tarSize: output.size, extraction: extraction)
            try AtomicFile.writeJSON(record, to: staging.appendingPathComponent("layer.json"))
            return StagedLayer(directory: staging, record: record)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
