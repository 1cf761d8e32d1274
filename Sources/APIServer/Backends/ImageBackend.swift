import Foundation

/// What the image routes need from the image store. Names are as the user typed them (`busybox`,
/// `busybox:1.36`, an ID or an ID prefix); errors say their kind (`DaemonError.notFound` → 404 …). Bodies are
/// streamed: the backend reads `Body` chunk by chunk, and the client is slowed down while it is busy.
public protocol ImageBackend: Sendable {
    /// `GET /images/json`: newest first; untagged parents only with `all`. `filters` as decoded from the query.
    func listImages(all: Bool, filters: [String: [String]]) async throws -> [ImageSummaryResponse]

    /// `GET /images/{name}/json`.
    func inspectImage(_ name: String) async throws -> ImageInspectResponse

    /// `GET /images/{name}/history`: newest first.
    func imageHistory(_ name: String) async throws -> [ImageHistoryResponseItem]

    /// `POST /images/{name}/tag`: points `repository[:tag]` at the image.
    func tagImage(_ name: String, repository: String, tag: String) async throws

    /// `DELETE /images/{name}`: what was untagged and deleted, in order.
    func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteResponseItem]

    /// `POST /images/create?fromSrc=-`: imports a root filesystem tarball (plain or compressed) as a new
    /// one-layer image; returns its ID (`sha256:…`). `progress` may be called from any thread.
    func importImage<Body: AsyncSequence & Sendable>(
        _ body: Body, request: ImageImportRequest, progress: @escaping @Sendable (ImageTransferProgress) -> Void
    ) async throws -> String where Body.Element == Data

    /// `POST /images/load`: loads a `docker save` or OCI-layout tarball; returns dockerd's lines
    /// (`Loaded image: busybox:latest\n`, `Loaded image ID: sha256:…\n`).
    func loadImages<Body: AsyncSequence & Sendable>(
        _ body: Body, progress: @escaping @Sendable (ImageTransferProgress) -> Void
    ) async throws -> [String] where Body.Element == Data

    /// `GET /images/get` and `/images/{name}/get`: writes a `docker save` tarball of `names` to `sink` chunk by
    /// chunk, awaiting it between chunks. An unknown name fails before the first chunk.
    func saveImages(_ names: [String], to sink: @escaping @Sendable (Data) async throws -> Void) async throws

    /// `GET /images/viz`: the image tree as Graphviz `dot` text.
    func imageGraph() async throws -> String
}

/// The parameters of an import (`docker import`), as the query gave them.
public struct ImageImportRequest: Sendable, Equatable {
    /// `repo`: where to tag the image (may carry the tag: `app:1.0`); empty for no tag.
    public var repository: String
    /// `tag`.
    public var tag: String
    /// `changes`: Dockerfile instructions, one per element (`CMD ["sh"]`, `ENV A=b`…).
    public var changes: [String]
    /// `message`: the history comment.
    public var message: String

    /// The parameters of one import.
    public init(repository: String = "", tag: String = "", changes: [String] = [], message: String = "") {
        self.repository = repository
        self.tag = tag
        self.changes = changes
        self.message = message
    }
}

/// Progress of an import or a load, for the JSON message stream.
public enum ImageTransferProgress: Sendable, Equatable {
    /// Import: bytes of the upload received so far.
    case importing(bytes: Int64)
    /// Load: one layer (`id`: the first 12 hex digits of its digest) read so far out of `total` bytes.
    case loadingLayer(id: String, current: Int64, total: Int64)
}
