import Foundation
import Logging
import Synchronization
import TestSupport
@testable import Runtime

/// Shared helpers of the image store tests.
enum ImageTestKit {
    struct ToolFailed: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// A log handler that keeps every message, so tests can see the store's warnings.
    final class LogCapture: Sendable {
        private let lines = Mutex<[(Logger.Level, String)]>([])

        var logger: Logger {
            Logger(label: "image-store-test") { _ in Handler(capture: self) }
        }

        var warnings: [String] { lines.withLock { $0.filter { $0.0 >= .warning }.map(\.1) } }

        func append(_ level: Logger.Level, _ message: String) { lines.withLock { $0.append((level, message)) } }

        struct Handler: LogHandler {
            let capture: LogCapture
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                     file: String, function: String, line: UInt) {
                let extra = (metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                capture.append(level, "\(message) \(extra)")
            }
        }
    }

    /// A store in a fresh directory.
    struct Fixture {
        let directory: TemporaryDirectory
        let logs = LogCapture()
        let events = EventBus()
        var root: URL { directory.url.appendingPathComponent("image") }

        init() throws { directory = try TemporaryDirectory(prefix: "imgstore") }

        /// Opens (or reopens, as after a restart) the store.
        func open() throws -> ImageStore {
            try ImageStore(root: root, events: events, logger: logs.logger, options: .init(dockerVersion: "20.10.24"))
        }

        func remove() { directory.remove() }
    }

    /// The bytes of a file as a stream of chunks read on demand, like an HTTP body with back-pressure.
    static func body(_ url: URL, chunkSize: Int = 64 * 1024) -> FileChunks { FileChunks(url: url, chunkSize: chunkSize) }

    struct FileChunks: AsyncSequence {
        typealias Element = [UInt8]
        let url: URL
        let chunkSize: Int

        struct AsyncIterator: AsyncIteratorProtocol {
            let handle: FileHandle?
            let chunkSize: Int
            mutating func next() async throws -> [UInt8]? {
                guard let handle else { throw CocoaError(.fileNoSuchFile) }
                guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
                return Array(data)
            }
        }

        func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(handle: try? FileHandle(forReadingFrom: url), chunkSize: chunkSize)
        }
    }

    static func body(_ data: Data) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(Array(data))
            continuation.finish()
        }
    }

    /// Packs `directory`'s contents into a tar at `path` with GNU tar (as a user's `tar -C dir -cf x .`).
    static func tar(_ directory: URL, to path: String) throws {
        let result = try Command.run("/bin/tar", ["--numeric-owner", "-C", directory.path, "-cf", path, "."])
        guard result.status == 0 else { throw ToolFailed(message: result.stderr) }
    }

    /// Builds a tar with Python's `tarfile`, which writes any entry verbatim (hostile names, links, devices).
    /// `entries` is Python: a list of `tarfile.TarInfo` built by the script's `add(...)` helper.
    static func craftTar(at path: String, _ body: String) throws {
        let script = """
        import io, sys, tarfile
        out = tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT)
        def add(name, kind="file", data=b"", link="", mode=0o644, major=0, minor=0):
            info = tarfile.TarInfo(name)
            info.mode = mode
            info.type = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
                         "hardlink": tarfile.LNKTYPE, "char": tarfile.CHRTYPE, "block": tarfile.BLKTYPE,
                         "fifo": tarfile.FIFOTYPE}[kind]
            info.linkname = link
            info.devmajor, info.devminor = major, minor
            if kind == "dir": info.mode = 0o755
            info.size = len(data) if kind == "file" else 0
            out.addfile(info, io.BytesIO(data) if kind == "file" else None)
        \(body)
        out.close()
        """
        let result = try Command.run("python3", ["-c", script, path])
        guard result.status == 0 else { throw ToolFailed(message: result.stderr) }
    }

    /// Lists the members of a tar (names only), with GNU tar.
    static func members(of path: String) throws -> [String] {
        let result = try Command.run("/bin/tar", ["-tf", path])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// Everything under a directory, relative paths, sorted; empty if it does not exist.
    static func tree(_ url: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        return (enumerator.allObjects as? [String] ?? []).sorted()
    }

    /// Collects `save` output into memory (tests only; the store itself never does this).
    final class Collector: Sendable {
        private let data = Mutex(Data())
        private let chunkCount = Mutex(0)
        func append(_ chunk: Data) { data.withLock { $0.append(chunk) }; chunkCount.withLock { $0 += 1 } }
        var bytes: Data { data.withLock { $0 } }
        var chunks: Int { chunkCount.withLock { $0 } }
    }
}

extension ImageTestKit.Fixture {
    /// Imports a tiny rootfs holding `files` (path → contents); distinct contents make distinct images.
    @discardableResult
    func importFiles(_ store: ImageStore, _ files: [String: String], repository: String = "", tag: String = "",
                     changes: [String] = []) async throws -> String {
        let tree = directory.url.appendingPathComponent("tree-\(UInt32.random(in: 0...UInt32.max))")
        for (path, contents) in files {
            let url = tree.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        let tar = directory.file("import-\(UInt32.random(in: 0...UInt32.max)).tar")
        try ImageTestKit.tar(tree, to: tar)
        return try await store.importImage(ImageTestKit.body(URL(fileURLWithPath: tar)),
                                           options: ImportOptions(repository: repository, tag: tag, changes: changes)).id
    }
}
