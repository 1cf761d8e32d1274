/// One row of `GET /images/json` (modern shape; an API < 1.43 route shows empty `repoTags` as
/// `["<none>:<none>"]` and empty `repoDigests` as `["<none>@<none>"]`).
public struct ImageSummary: Sendable, Equatable, Encodable {
    /// `Containers`: -1 (not computed), as dockerd unless asked.
    public var containers: Int = -1
    /// Unix seconds.
    public var created: Int64
    /// `Id` on the wire.
    public var id: String
    /// `Labels` on the wire.
    public var labels: [String: String]
    /// `ParentId` on the wire.
    public var parentID: String
    /// `RepoDigests` on the wire.
    public var repoDigests: [String]
    /// `RepoTags` on the wire.
    public var repoTags: [String]
    /// `SharedSize` on the wire.
    public var sharedSize: Int64 = -1
    /// `Size` on the wire.
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
    /// `Id` on the wire.
    public var id: String
    /// `RepoTags` on the wire.
    public var repoTags: [String]
    /// `RepoDigests` on the wire.
    public var repoDigests: [String]
    /// `Parent` on the wire.
    public var parent: String
    /// `Comment` on the wire.
    public var comment: String
    /// RFC 3339 with nanoseconds; nil when the config has none.
    public var created: String?
    /// Only for API < 1.45.
    public var container: String?
    /// Only for API < 1.45.
    public var containerConfig: ImageRunConfig?
    /// `DockerVersion` on the wire.
    public var dockerVersion: String
    /// `Author` on the wire.
    public var author: String
    /// `Config` on the wire.
    public var config: ImageRunConfig?
    /// `Architecture` on the wire.
    public var architecture: String
    /// `Variant` on the wire.
    public var variant: String?
    /// `Os` on the wire.
    public var os: String
    /// `OsVersion` on the wire.
    public var osVersion: String?
    /// `Size` on the wire.
    public var size: Int64
    /// Only for API < 1.44.
    public var virtualSize: Int64?
    /// `GraphDriver` on the wire.
    public var graphDriver: GraphDriver
    /// `RootFS` on the wire.
    public var rootFS: RootFS
    /// `Metadata` on the wire.
    public var metadata: Metadata

    /// Where the layers are on disk, in overlay2's terms.
    public struct GraphDriver: Sendable, Encodable {
        /// `Data` on the wire.
        public var data: [String: String]
        /// `Name` on the wire.
        public var name: String
        private enum CodingKeys: String, CodingKey { case data = "Data", name = "Name" }
    }

    /// The layer diff IDs, lowest first.
    public struct RootFS: Sendable, Encodable {
        /// `Type` on the wire.
        public var type: String
        /// `Layers` on the wire.
        public var layers: [String]
        private enum CodingKeys: String, CodingKey { case type = "Type", layers = "Layers" }
    }

    /// `LastTagTime`: when a tag was last added (Go's zero time if never).
    public struct Metadata: Sendable, Encodable {
        /// `LastTagTime` on the wire.
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
    /// `CreatedBy` on the wire.
    public var createdBy: String
    /// Familiar tags of that image; nil (JSON `null`) when none.
    public var tags: [String]?
    /// `Size` on the wire.
    public var size: Int64
    /// `Comment` on the wire.
    public var comment: String

    private enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", createdBy = "CreatedBy", tags = "Tags", size = "Size", comment = "Comment"
    }

    /// Encodes with dockerd's field names and emptiness rules.
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

    /// Encodes with dockerd's field names and emptiness rules.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .untagged(let reference): try c.encode(reference, forKey: .untagged)
        case .deleted(let id): try c.encode(id, forKey: .deleted)
        }
    }
}
