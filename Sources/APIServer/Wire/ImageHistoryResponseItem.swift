/// One row of `GET /images/{name}/history`, with Docker's field names.
public struct ImageHistoryResponseItem: Sendable, Equatable, Encodable {
    /// `Id`: the image ID for rows that are images here, `<missing>` for the rest.
    public var id: String
    /// `Created`: Unix seconds.
    public var created: Int64
    /// `CreatedBy`.
    public var createdBy: String
    /// `Tags`: `null` when none.
    public var tags: [String]?
    /// `Size`: bytes the step added.
    public var size: Int64
    /// `Comment`.
    public var comment: String

    /// A row.
    public init(id: String, created: Int64, createdBy: String, tags: [String]?, size: Int64, comment: String) {
        self.id = id
        self.created = created
        self.createdBy = createdBy
        self.tags = tags
        self.size = size
        self.comment = comment
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", createdBy = "CreatedBy", tags = "Tags", size = "Size", comment = "Comment"
    }

    /// Encodes with dockerd's names; no tags as `null`.
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

/// One element of the `DELETE /images/{name}` answer: `{"Untagged": "busybox:latest"}` or
/// `{"Deleted": "sha256:…"}`.
public enum ImageDeleteResponseItem: Sendable, Equatable, Encodable {
    /// A reference was removed.
    case untagged(String)
    /// An image (or layer) was deleted.
    case deleted(String)

    private enum CodingKeys: String, CodingKey { case untagged = "Untagged", deleted = "Deleted" }

    /// Encodes one key, as dockerd's `omitempty` fields do.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .untagged(let reference): try c.encode(reference, forKey: .untagged)
        case .deleted(let id): try c.encode(id, forKey: .deleted)
        }
    }
}
