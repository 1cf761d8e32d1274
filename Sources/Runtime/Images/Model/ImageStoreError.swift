import Errdefs

/// The errors the image store throws, as typed `DaemonError`s so the API server maps them to statuses.
enum ImageStoreError {
    /// 404 `No such image: <ref>`.
    static func noSuchImage(_ reference: String) -> DaemonError { .notFound("No such image: \(reference)") }
    /// 400: a config that cannot be an image config.
    static func invalidConfig(_ message: String) -> DaemonError { .invalidParameter(message) }
    /// 400: an archive that is malformed or hostile.
    static func invalidArchive(_ message: String) -> DaemonError { .invalidParameter(message) }
    /// 500: the disk or a system call failed.
    static func system(_ message: String) -> DaemonError { .system(message) }
}
