/// `GET /images/{name}/json`, with Docker's field names. `Config` and `ContainerConfig` are passed through as
/// the runtime encoded them.
public struct ImageInspectResponse: Sendable, Equatable, Encodable {
    /// `Id`.
    public var id: String
    /// `RepoTags`.
    public var repoTags: [String]
    /// `RepoDigests`.
    public var repoDigests: [String]
    /// `Parent`: `sha256:…` or empty.
    public var parent: String
    /// `Comment`.
    public var comment: String
    /// `Created`: RFC 3339 with nanoseconds; left out when unknown.
    public var created: String?
    /// `Container`: API < 1.45 only.
    public var container: String?
    /// `ContainerConfig`: API < 1.45 only.
    public var containerConfig: JSONValue?
    /// `DockerVersion`.
    public var dockerVersion: String
    /// `Author`.
    public var author: String
    /// `Config`: the run configuration (`null` when the image has none).
    public var config: JSONValue
    /// `Architecture`.
    public var architecture: String
    /// `Variant`, when set.
    public var variant: String?
    /// `Os`.
    public var os: String
    /// `OsVersion`, when set.
    public var osVersion: String?
    /// `Size`: bytes of all layers.
    public var size: Int64
    /// `VirtualSize`: API < 1.44 only.
    public var virtualSize: Int64?
    /// `GraphDriver`: `{"Data": {...}, "Name": "overlay2"}`.
    public var graphDriverName: String
    /// `GraphDriver.Data`: `LowerDir`, `UpperDir`…
    public var graphDriverData: [String: String]
    /// `RootFS.Layers`: the diff IDs, lowest first.
    public var layers: [String]
    /// `Metadata.LastTagTime`: RFC 3339, Go's zero time when never tagged.
    public var lastTagTime: String

    /// An inspect answer (version-specific fields set; `shaped(for:)` drops them for newer clients).
    public init(
        id: String, repoTags: [String], repoDigests: [String], parent: String, comment: String, created: String?,
        container: String?, containerConfig: JSONValue?, dockerVersion: String, author: String, config: JSONValue,
        architecture: String, variant: String?, os: String, osVersion: String?, size: Int64, virtualSize: Int64?,
        graphDriverName: String, graphDriverData: [String: String], layers: [String], lastTagTime: String
    ) {
        self.id = id
        self.repoTags = repoTags
        self.repoDigests = repoDigests
        self.parent = parent
        self.comment = comment
        self.created = created
        self.container = container
        self.containerConfig = containerConfig
        self.dockerVersion = dockerVersion
        self.author = author
        self.config = config
        self.architecture = architecture
        self.variant = variant
        self.os = os
        self.osVersion = osVersion
        self.size = size
        self.virtualSize = virtualSize
        self.graphDriverName = graphDriverName
        self.graphDriverData = graphDriverData
        self.layers = layers
        self.lastTagTime = lastTagTime
    }

    /// The answer as a client of `version` expects it: no `VirtualSize` from 1.44, no `Container` and
    /// `ContainerConfig` from 1.45.
    public func shaped(for version: APIVersion) -> ImageInspectResponse {
        var answer = self
        if version >= APIVersion("1.44")! { answer.virtualSize = nil }
        if version >= APIVersion("1.45")! {
            answer.container = nil
            answer.containerConfig = nil
        }
        return answer
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", parent = "Parent", comment = "Comment"
        case created = "Created", container = "Container", containerConfig = "ContainerConfig"
        case dockerVersion = "DockerVersion", author = "Author", config = "Config", architecture = "Architecture"
        case variant = "Variant", os = "Os", osVersion = "OsVersion", size = "Size", virtualSize = "VirtualSize"
        case graphDriver = "GraphDriver", rootFS = "RootFS", metadata = "Metadata"
    }

    private enum NestedKeys: String, CodingKey {
        case data = "Data", name = "Name", type = "Type", layers = "Layers", lastTagTime = "LastTagTime"
    }

    /// Encodes with dockerd's names; optional fields are left out when nil.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(repoTags, forKey: .repoTags)
        try c.encode(repoDigests, forKey: .repoDigests)
        try c.encode(parent, forKey: .parent)
        try c.encode(comment, forKey: .comment)
        try c.encodeIfPresent(created, forKey: .created)
        try c.encodeIfPresent(container, forKey: .container)
        try c.encodeIfPresent(containerConfig, forKey: .containerConfig)
        try c.encode(dockerVersion, forKey: .dockerVersion)
        try c.encode(author, forKey: .author)
        try c.encode(config, forKey: .config)
        try c.encode(architecture, forKey: .architecture)
        try c.encodeIfPresent(variant, forKey: .variant)
        try c.encode(os, forKey: .os)
        try c.encodeIfPresent(osVersion, forKey: .osVersion)
        try c.encode(size, forKey: .size)
        try c.encodeIfPresent(virtualSize, forKey: .virtualSize)
        var driver = c.nestedContainer(keyedBy: NestedKeys.self, forKey: .graphDriver)
        try driver.encode(graphDriverData, forKey: .data)
        try driver.encode(graphDriverName, forKey: .name)
        var rootFS = c.nestedContainer(keyedBy: NestedKeys.self, forKey: .rootFS)
        try rootFS.encode("layers", forKey: .type)
        try rootFS.encode(layers, forKey: .layers)
        var metadata = c.nestedContainer(keyedBy: NestedKeys.self, forKey: .metadata)
        try metadata.encode(lastTagTime, forKey: .lastTagTime)
    }
}
