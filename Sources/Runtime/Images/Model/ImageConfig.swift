import Foundation

/// An image configuration (the JSON whose sha256 is the image ID), decoded leniently: unknown fields are
/// ignored here, but the store always keeps and serves the original bytes.
public struct ImageConfig: Decodable, Sendable {
    /// `id` in the image JSON.
    public var id: String?
    /// `parent` in the image JSON.
    public var parent: String?
    /// `comment` in the image JSON.
    public var comment: String?
    /// RFC 3339 text as stored.
    public var created: String?
    /// `container` in the image JSON.
    public var container: String?
    /// `container_config` in the image JSON.
    public var containerConfig: ImageRunConfig?
    /// `docker_version` in the image JSON.
    public var dockerVersion: String?
    /// `author` in the image JSON.
    public var author: String?
    /// `config` in the image JSON.
    public var config: ImageRunConfig?
    /// `architecture` in the image JSON.
    public var architecture: String?
    /// `variant` in the image JSON.
    public var variant: String?
    /// `os` in the image JSON.
    public var os: String?
    /// `os.version` in the image JSON.
    public var osVersion: String?
    /// `rootfs` in the image JSON.
    public var rootfs: RootFS?
    /// `history` in the image JSON.
    public var history: [History]?

    /// `rootfs`: the layer diff IDs, lowest first.
    public struct RootFS: Decodable, Sendable {
        /// `type` in the image JSON.
        public var type: String?
        /// `diff_ids` in the image JSON.
        public var diffIDs: [String]?

        private enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }
    }

    /// One `history` entry; `empty_layer` ones add no layer.
    public struct History: Decodable, Sendable {
        /// `created` in the image JSON.
        public var created: String?
        /// `author` in the image JSON.
        public var author: String?
        /// `created_by` in the image JSON.
        public var createdBy: String?
        /// `comment` in the image JSON.
        public var comment: String?
        /// `empty_layer` in the image JSON.
        public var emptyLayer: Bool?

        private enum CodingKeys: String, CodingKey {
            case created, author, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, parent, comment, created, container, author, config, architecture, variant, os, rootfs, history
        case containerConfig = "container_config"
        case dockerVersion = "docker_version"
        case osVersion = "os.version"
    }

    /// Parses config bytes; throws an invalid-parameter error naming what is wrong.
    static func parse(_ data: Data) throws -> ImageConfig {
        let config: ImageConfig
        do {
            config = try JSONDecoder().decode(ImageConfig.self, from: data)
        } catch {
            throw ImageStoreError.invalidConfig("image config is not valid JSON: \(error)")
        }
        guard let rootfs = config.rootfs, rootfs.type == "layers" else {
            throw ImageStoreError.invalidConfig("image config has no rootfs of type \"layers\"")
        }
        for diffID in rootfs.diffIDs ?? [] where Digest(diffID) == nil {
            throw ImageStoreError.invalidConfig("image config has an invalid diff ID \(diffID)")
        }
        return config
    }

    /// The layer diff IDs, lowest first (validated by `parse`).
    var diffIDs: [Digest] { (rootfs?.diffIDs ?? []).compactMap { Digest($0) } }

    /// `created` parsed; nil when absent or malformed.
    var createdTime: GoTime? { created.flatMap(GoTime.init(rfc3339:)) }
}
