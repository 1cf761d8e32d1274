import Foundation

/// Where the image store keeps things under its root (the daemon passes `<data-root>/image`):
///
///     layers/<diff-id hex>/layer.tar     the layer exactly as received (uncompressed), for `save`
///     layers/<diff-id hex>/root/         the layer extracted: a read-only overlay lower directory
///     layers/<diff-id hex>/layer.json    size, whiteouts (`LayerRecord`)
///     imagedb/content/<image-id hex>     the image config, byte for byte (its sha256 is the ID)
///     imagedb/metadata/<image-id hex>.json   parent and last tag time (`ImageMetadata`)
///     repositories.json                  tags and digests → image IDs (`ReferenceStore`)
///     tmp/                               staging for imports and loads; emptied at every start
///
/// A layer directory appears by one `rename` of a complete staging directory, and a config by an atomic
/// write, so after a crash each is either whole or absent.
struct ImageStoreLayout: Sendable {
    let root: URL

    var layers: URL { root.appendingPathComponent("layers") }
    var content: URL { root.appendingPathComponent("imagedb/content") }
    var metadata: URL { root.appendingPathComponent("imagedb/metadata") }
    var references: URL { root.appendingPathComponent("repositories.json") }
    var tmp: URL { root.appendingPathComponent("tmp") }

    func layer(_ diffID: Digest) -> URL { layers.appendingPathComponent(diffID.hex) }
    func layerTar(_ diffID: Digest) -> URL { layer(diffID).appendingPathComponent("layer.tar") }
    func layerRoot(_ diffID: Digest) -> URL { layer(diffID).appendingPathComponent("root") }
    func layerRecord(_ diffID: Digest) -> URL { layer(diffID).appendingPathComponent("layer.json") }
    func config(_ id: Digest) -> URL { content.appendingPathComponent(id.hex) }
    func metadata(_ id: Digest) -> URL { metadata.appendingPathComponent(id.hex + ".json") }

    /// Creates the directories (mode 0700: layers may hold setuid files that only containers should use).
    func create() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for directory in [layers, content, metadata, tmp] {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// A fresh, uniquely named directory under `tmp/`.
    func makeStagingDirectory(_ purpose: String) throws -> URL {
        let url = tmp.appendingPathComponent("\(purpose)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
    }
}
