/// One row of `GET /images/json`, with Docker's field names. `nil` lists encode as `null` (as dockerd's
/// nil slices do); `virtualSize` is left out when nil.
public struct ImageSummaryResponse: Sendable, Equatable, Encodable {
    /// `Containers`: -1 (not counted), as dockerd unless asked.
    public var containers: Int
    /// `Created`: Unix seconds.
    public var created: Int64
    /// `Id`: `sha256:…`.
    public var id: String
    /// `Labels`.
    public var labels: [String: String]?
    /// `ParentId`: `sha256:…` or empty.
    public var parentID: String
    /// `RepoDigests`: `name@sha256:…`.
    public var repoDigests: [String]?
    /// `RepoTags`: `name:tag`.
    public var repoTags: [String]?
    /// `SharedSize`: -1 (not counted).
    public var sharedSize: Int64
    /// `Size`: bytes of all layers.
    public var size: Int64
    /// `VirtualSize`: API < 1.44 only.
    public var virtualSize: Int64?

    /// A row.
    public init(
        containers: Int = -1, created: Int64, id: String, labels: [String: String]?, parentID: String,
        repoDigests: [String]?, repoTags: [String]?, sharedSize: Int64 = -1, size: Int64, virtualSize: Int64? = nil
    ) {
        self.containers = containers
        self.created = created
        self.id = id
        self.labels = labels
        self.parentID = parentID
        self.repoDigests = repoDigests
        self.repoTags = repoTags
        self.sharedSize = sharedSize
        self.size = size
        self.virtualSize = virtualSize
    }

    /// The row as a client of `version` expects it: untagged images are `<none>:<none>` / `<none>@<none>`
    /// before 1.43 and `[]` from then on; `VirtualSize` (equal to `Size`) only before 1.44.
    public func shaped(for version: APIVersion) -> ImageSummaryResponse {
        var row = self
        let tags = repoTags ?? []
        let digests = repoDigests ?? []
        if version < APIVersion("1.43")! {
            if tags.isEmpty && digests.isEmpty {
                row.repoTags = ["<none>:<none>"]
                row.repoDigests = ["<none>@<none>"]
            }
        } else {
            row.repoTags = tags
            row.repoDigests = digests
        }
        row.virtualSize = version < APIVersion("1.44")! ? size : nil
        return row
    }

    private enum CodingKeys: String, CodingKey {
        case containers = "Containers", created = "Created", id = "Id", labels = "Labels", parentID = "ParentId"
        case repoDigests = "RepoDigests", repoTags = "RepoTags", sharedSize = "SharedSize", size = "Size"
        case virtualSize = "VirtualSize"
    }

    /// Encodes with dockerd's names; nil lists as `null`, no `VirtualSize` when nil.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(containers, forKey: .containers)
        try c.encode(created, forKey: .created)
        try c.encode(id, forKey: .id)
        try c.encode(labels, forKey: .labels)
        try c.encode(parentID, forKey: .parentID)
        try c.encode(repoDigests, forKey: .repoDigests)
        try c.encode(repoTags, forKey: .repoTags)
        try c.encode(sharedSize, forKey: .sharedSize)
        try c.encode(size, forKey: .size)
        try c.encodeIfPresent(virtualSize, forKey: .virtualSize)
    }
}
