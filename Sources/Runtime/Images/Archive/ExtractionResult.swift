/// What extracting a layer tar produced, recorded next to the layer so the container runtime can stack it.
public struct ExtractionResult: Codable, Sendable, Equatable {
    /// Bytes of file content (regular files once per inode, symlink targets), as Docker's `DiffSize`.
    public var size: Int64
    /// Entries read from the tar.
    public var entries: Int
    /// Paths (relative to the layer root) that this layer deletes from the layers below (`.wh.<name>`).
    public var whiteouts: [String]
    /// Directories (relative; `""` is the root) whose lower-layer content this layer hides (`.wh..wh..opq`).
    public var opaqueDirectories: [String]
    /// True when the whiteouts exist on disk in overlayfs form (a 0/0 character device per deleted path,
    /// `trusted.overlay.opaque=y` on opaque directories), so the layer directory can be an overlay lowerdir
    /// as is. False when they could not be made (not root): then `whiteouts`/`opaqueDirectories` must be
    /// applied by whoever stacks the layers.
    public var overlayWhiteouts: Bool
}
