import Foundation

/// `layer.json`: what the store knows about a layer on disk.
struct LayerRecord: Codable, Sendable {
    /// The diff ID (sha256 of `layer.tar`).
    var diffID: Digest
    /// The length of `layer.tar`, checked at start-up.
    var tarSize: Int64
    /// What extraction produced.
    var extraction: ExtractionResult
}

/// `imagedb/metadata/<id>.json`: facts about an image that are not in its config.
struct ImageMetadata: Codable, Sendable {
    /// The parent image (set by `load` when the archive says so, and by commit later).
    var parent: Digest?
    /// When a tag was last added (RFC 3339), for inspect's `Metadata.LastTagTime`.
    var lastTagTime: String?
}

/// An image held in memory: the config bytes as stored, parsed, plus metadata.
struct StoredImage: Sendable {
    var id: Digest
    var raw: Data
    var config: ImageConfig
    var metadata: ImageMetadata
}

/// A layer extracted into a staging directory, ready to be renamed into place.
struct StagedLayer: Sendable {
    var directory: URL
    var record: LayerRecord
}
