import Errdefs
import Foundation

/// Tar streams of a container's root filesystem: `export` (the whole tree, `docker export`) and `copy` (one
/// path, the seed's `POST /containers/{name}/copy`). Both are produced a chunk at a time off the cooperative
/// pool, as the consumer asks for them; stopping the iteration stops the reading.
public enum ContainerArchive {
    /// A tar of everything under `rootfs` (names relative to it, the root itself left out). A missing
    /// `rootfs` fails on the first chunk.
    public static func export(rootfs: String) -> AsyncThrowingStream<[UInt8], any Error> {
        let root = normalized(rootfs)
        return stream {
            var info = stat()
            guard stat(root, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw DaemonError.notFound("the container's root filesystem \(root) is not there")
            }
            var walker = DirectoryWalker(root: root)
            return try DiskTarWriter { walker.next().map { TarItem.disk(path: $0.path, name: $0.relative) } }
        }
    }

    /// A tar of `path` resolved inside `rootfs` — symlinks (the last one included) and `..` cannot lead out
    /// of it — named from the resolved base name, a directory with its whole subtree. A missing path is
    /// notFound `Could not find the file <path> in container <container>`, thrown before the stream is
    /// returned.
    public static func copy(rootfs: String, path: String, container: String = "") async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let root = normalized(rootfs)
        let resolved = try await BlockingWork.run { () throws -> String in
            let resolved = try ScopedPath.resolve(path, in: root)
            var info = stat()
            guard lstat(resolved, &info) == 0 else {
                throw DaemonError.notFound("Could not find the file \(path) in container \(container)")
            }
            return resolved
        }
        let base = resolved == root ? "" : String(resolved.split(separator: "/").last ?? "")
        return subtree(resolved, named: base)
    }

    /// A tar of `resolved` (a path on disk) named `base`, with its subtree when it is a directory; an empty
    /// `base` names the entries relative to `resolved` itself.
    static func subtree(_ resolved: String, named base: String) -> AsyncThrowingStream<[UInt8], any Error> {
        stream {
            var walker: DirectoryWalker?
            var sentTop = base.isEmpty
            return try DiskTarWriter {
                if !sentTop {
                    sentTop = true
                    var info = stat()
                    if lstat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { walker = DirectoryWalker(root: resolved) }
                    return .disk(path: resolved, name: base)
                }
                if walker == nil && base.isEmpty { walker = DirectoryWalker(root: resolved) }
                guard let entry = walker?.next() else { return nil }
                return .disk(path: entry.path, name: base.isEmpty ? entry.relative : base + "/" + entry.relative)
            }
        }
    }

    /// Streams the chunks of the writer `make` builds (on the first request, off the pool).
    static func stream(_ make: @escaping @Sendable () throws -> DiskTarWriter) -> AsyncThrowingStream<[UInt8], any Error> {
        let box = WriterBox(make)
        return AsyncThrowingStream {
            try await BlockingWork.run { try box.nextChunk() }
        }
    }

    static func normalized(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

/// Holds a `DiskTarWriter` between the chunks of a stream.
///
/// `@unchecked Sendable`: `AsyncThrowingStream(unfolding:)` calls its closure for one element at a time and
/// awaits each call, so the writer is only ever used by one thread at once; the lock makes that explicit.
private final class WriterBox: @unchecked Sendable {
    private let lock = NSLock()
    private let make: @Sendable () throws -> DiskTarWriter
    private var writer: DiskTarWriter?

    init(_ make: @escaping @Sendable () throws -> DiskTarWriter) { self.make = make }

    func nextChunk() throws -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        if writer == nil { writer = try make() }
        guard let data = try writer!.nextChunk() else {
            writer = nil
            return nil
        }
        return Array(data)
    }
}
