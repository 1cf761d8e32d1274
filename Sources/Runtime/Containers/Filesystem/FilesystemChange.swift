/// One change a container made to its root filesystem (`docker diff`), Runtime's side of the API's
/// `{Path, Kind}`.
public struct FilesystemChange: Sendable, Equatable, Hashable {
    /// What happened to the path; the raw values are Docker's `Kind` numbers.
    public enum Kind: Int, Sendable, Equatable, Hashable {
        /// `C` (0).
        case modified = 0
        /// `A` (1).
        case added = 1
        /// `D` (2).
        case deleted = 2
    }

    /// Absolute inside the container (`/etc/hostname`).
    public var path: String
    /// What happened.
    public var kind: Kind

    /// A change.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}
