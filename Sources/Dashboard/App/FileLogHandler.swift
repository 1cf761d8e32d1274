import Foundation
import Logging
import Synchronization

/// An append-only log file shared by every `FileLogHandler` of the process.
public final class LogFile: Sendable {
    /// Where the file is.
    public let path: String
    private let fd: Int32
    private let closed = Mutex(false)

    /// Opens (creating it, mode 0600) the file at `path` for appending; missing directories are created.
    /// - Throws: `LogFileError` when the file cannot be opened.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LogFileError(path: path, errno: errno) }
    }

    deinit { close() }

    /// Appends one line; a single `write` per line keeps lines whole when threads log at once.
    public func write(_ line: String) {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.withUnsafeBytes { _ = Foundation.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Closes the file; later writes are dropped.
    public func close() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            _ = Foundation.close(fd)
        }
    }
}

/// Why a log file could not be opened.
public struct LogFileError: Error, CustomStringConvertible {
    /// The file that could not be opened.
    public let path: String
    /// The system error number.
    public let errno: Int32
    public var description: String { "cannot open log file \(path): \(String(cString: strerror(errno)))" }
}

/// A swift-log handler writing one line per message to a `LogFile`: while curses owns the screen nothing may
/// go to stdout or stderr, so the executable bootstraps this handler with a file under the data root.
///
/// ```swift
/// let file = try LogFile(path: dataRoot + "/dashboard.log")
/// LoggingSystem.bootstrap { FileLogHandler(label: $0, file: file) }
/// ```
public struct FileLogHandler: LogHandler {
    /// Messages below this level are dropped.
    public var logLevel: Logger.Level
    /// Metadata added to every message of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Supplies metadata (task-local context, …) at logging time.
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let file: LogFile

    /// Creates a handler for `label` writing to `file`.
    public init(label: String, file: LogFile, level: Logger.Level = .info) {
        self.label = label
        self.file = file
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        file.write(Self.format(date: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged))
    }

    /// `2024-05-01T12:01:07.123Z info daemon: message key=value …`
    static func format(date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let stamp = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(stamp) \(level) \(label): \(message)\(fields.isEmpty ? "" : " " + fields)"
    }
}
