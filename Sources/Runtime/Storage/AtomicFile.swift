import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes files so that a crash leaves either the old content or the new, never a mix.
///
/// The bytes go to a temporary file in the same directory (`.tmp-<name>-<random>`), which is fsynced, renamed
/// over the target, and then the directory is fsynced so the rename itself is durable.
public enum AtomicFile {
    /// The prefix of temporary files; `removeLeftovers(in:)` deletes files carrying it.
    public static let temporaryPrefix = ".tmp-"

    /// Atomically replaces the file at `url` with `data` (mode 0600 unless `mode` says otherwise).
    public static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            "\(temporaryPrefix)\(url.lastPathComponent)-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw POSIXFailure(operation: "open", path: temporary.path) }
        var ok = false
        defer {
            if !ok { unlink(temporary.path) }
        }
        do {
            defer { close(fd) }
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw POSIXFailure(operation: "write", path: temporary.path)
                    }
                    offset += n
                }
            }
            guard fsync(fd) == 0 else { throw POSIXFailure(operation: "fsync", path: temporary.path) }
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw POSIXFailure(operation: "rename", path: url.path)
        }
        ok = true
        try syncDirectory(directory)
    }

    /// Atomically replaces the file at `url` with the JSON encoding of `value`.
    public static func writeJSON<T: Encodable>(_ value: T, to url: URL, encoder: JSONEncoder = JSONEncoder()) throws {
        try write(try encoder.encode(value), to: url)
    }

    /// fsyncs a directory so that entries created, renamed or removed in it are durable.
    public static func syncDirectory(_ directory: URL) throws {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXFailure(operation: "open", path: directory.path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXFailure(operation: "fsync", path: directory.path) }
    }

    /// Deletes temporary files an interrupted `write` left in `directory`; returns their names.
    @discardableResult
    public static func removeLeftovers(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let leftovers = names.filter { $0.hasPrefix(temporaryPrefix) }
        for name in leftovers { unlink(directory.appendingPathComponent(name).path) }
        return leftovers
    }
}

/// A failed system call, with errno's text.
public struct POSIXFailure: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}
