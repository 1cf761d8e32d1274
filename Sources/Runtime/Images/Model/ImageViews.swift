/// One row of `GET /images/json` (modern shape; an API < 1.43 route shows empty `repoTags` as
/// `["<none>:<none>"]` and empty `repoDigests` as `["<none>@<none>"]`).
public struct ImageSummary: Sendable, Equatable, Encodable {
    public var containers: Int = -1
    /// Unix seconds.
    public var created: Int64
    public var id: String
    public var labels: [String: String]
    public var parentID: String
    public var repoDigests: [String]
    public var repoTags: [String]
    public var sharedSize: Int64 = -1
    public var size: Int64
    /// Only for API < 1.44 (equal to `size`).
    public var virtualSize: Int64?

    private enum CodingKeys: String, CodingKey {
        case containers = "Containers", created = "Created", id = "Id", labels = "Labels", parentID = "ParentId"
        case repoDigests = "RepoDigests", repoTags = "RepoTags", sharedSize = "SharedSize", size = "Size"
        case virtualSize = "VirtualSize"
    }
}

/// `GET /images/{name}/json`.
public struct ImageInspect: Sendable, Encodable {
    public var id: String
    public var repoTags: [String]
    public var repoDigests: [String]
    public var parent: String
    public var comment: String
    /// RFC 3339 with nanoseconds; nil when the config has none.
    public var created: String?
    /// Only for API < 1.45.
    public var container: String?
    /// Only for API < 1.45.
    public var containerConfig: ImageRunConfig?
    public var dockerVersion: String
    public var author: String
    public var config: ImageRunConfig?
    public var architecture: String
    public var variant: String?
    public var os: String
    public var osVersion: String?
    public var size: Int64
    /// Only for API < 1.44.
    public var virtualSize: Int64?
    public var graphDriver: GraphDriver
    public var rootFS: RootFS
    public var metadata: Metadata

    /// Where the layers are on disk, in overlay2's terms.
    public struct GraphDriver: Sendable, Encodable {
        public var data: [String: String]
        public var name: String
        private enum CodingKeys: String, CodingKey { case data = "Data", name = "Name" }
    }

    /// The layer diff IDs, lowest first.
    public struct RootFS: Sendable, Encodable {
        public var type: String
        public var layers: [String]
        private enum CodingKeys: String, CodingKey { case type = "Type", layers = "Layers" }
    }

    /// `LastTagTime`: when a tag was last added (Go's zero time if never).
    public struct Metadata: Sendable, Encodable {
        public var lastTagTime: String
        private enum CodingKeys: String, CodingKey { case lastTagTime = "LastTagTime" }
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", parent = "Parent", comment = "Comment"
        case created = "Created", container = "Container", containerConfig = "ContainerConfig"
        case dockerVersion = "DockerVersion", author = "Author", config = "Config", architecture = "Architecture"
        case variant = "Variant", os = "Os", osVersion = "OsVersion", size = "Size", virtualSize = "VirtualSize"
        case graphDriver = "GraphDriver", rootFS = "RootFS", metadata = "Metadata"
    }
}

/// One row of `GET /images/{name}/history`, newest first.
public struct ImageHistoryEntry: Sendable, Equatable, Encodable {
    /// The image ID for entries that are images here, `<missing>` for the rest (as dockerd).
    public var id: String
    /// Unix seconds.
    public var created: Int64
    public var createdBy: String
    /// Familiar tags of that image; nil (JSON `null`) when none.
    public var tags: [String]?
    public var size: Int64
    public var comment: String

    private enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", createdBy = "CreatedBy", tags = "Tags", size = "Size", comment = "Comment"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(comment, forKey: .comment)
        try c.encode(created, forKey: .created)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(id, forKey: .id)
        try c.encode(size, forKey: .size)
        try c.encode(tags, forKey: .tags)
    }
}

/// One element of the `DELETE /images/{name}` answer: `{"Untagged": "busybox:latest"}` or `{"Deleted": "sha256:…"}`.
public enum ImageDeleteItem: Sendable, Equatable, Encodable {
    case untagged(String)
    case deleted(String)

    private enum CodingKeys: String, CodingKey { case untagged = "Untagged", deleted = "Deleted" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .untagged(let reference): try c.encode(reference, forKey: .untagged)
        case .deleted(let id): try c.encode(id, forKey: .deleted)
        }
    }
}
