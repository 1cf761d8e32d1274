import Foundation

/// Writes an incoming byte stream (an HTTP body) to a file as it arrives, so uploads of any size cost disk,
/// not memory.
enum ByteSpool {
    /// Drains `body` into a new file at `url`; returns the byte count. `progress` sees the running total.
    static func spool<S: AsyncSequence>(
        _ body: S, to url: URL, limit: Int64 = .max, progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> Int64 where S.Element: DataProtocol {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ImageStoreError.system(POSIXFailure(operation: "open", path: url.path).description) }
        defer { close(fd) }
        var total: Int64 = 0
        var lastReport: Int64 = 0
        for try await chunk in body {
            total += Int64(chunk.count)
            guard total <= limit else { throw ImageStoreError.invalidArchive("upload exceeds \(limit) bytes") }
            for region in chunk.regions {
                try region.withUnsafeBytes { try Decompressor.writeAll(fd, $0, path: url.path) }
            }
            if let progress, total - lastReport >= 1 << 20 {
                lastReport = total
                progress(total)
            }
        }
        progress?(total)
        return total
    }
}
