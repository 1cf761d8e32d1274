import Errdefs
import Foundation

/// What `docker cp` asks about a path in a container (`HEAD /containers/{name}/archive`).
public struct ContainerPathInfo: Sendable, Equatable {
    /// The base name (`/` for the root).
    public var name: String
    /// `st_size`.
    public var size: Int64
    /// `st_mode` (type and permission bits).
    public var mode: UInt32
    /// Modification time, Unix nanoseconds.
    public var modifiedNano: Int64
    /// For a symlink: its target resolved inside the container, absolute (`/bin/busybox`); else empty.
    public var linkTarget: String
}

extension ContainerArchive {
    /// The stat of `path` inside `rootfs`, its last symlink not followed (as `docker cp` expects: it follows
    /// links itself). notFound `Could not find the file <path> in container <container>` when missing.
    public static func pathInfo(rootfs: String, path: String, container: String = "") async throws -> ContainerPathInfo {
        let root = normalized(rootfs)
        return try await BlockingWork.run { try lookUp(root: root, path: path, container: container).info }
    }

    /// The stat and a tar of `path` inside `rootfs` (last symlink not followed; a directory with its
    /// subtree; entries named from the base name). Missing → notFound before the stream is returned.
    public static func archive(rootfs: String, path: String, container: String = "") async throws
        -> (info: ContainerPathInfo, tar: AsyncThrowingStream<[UInt8], any Error>)
    {
        let root = normalized(rootfs)
        let (info, resolved) = try await BlockingWork.run { try lookUp(root: root, path: path, container: container) }
        return (info, subtree(resolved, named: resolved == root ? "" : info.name))
    }

    private static func lookUp(root: String, path: String, container: String) throws -> (info: ContainerPathInfo, resolved: String) {
        let resolved = try resolveKeepingLastLink(path, in: root)
        var st = Glibc.stat()
        guard lstat(resolved, &st) == 0 else {
            throw DaemonError.notFound("Could not find the file \(path) in container \(container)")
        }
        var linkTarget = ""
        if st.st_mode & S_IFMT == S_IFLNK {
            let target = try ScopedPath.resolve(path, in: root)
            linkTarget = target == root ? "/" : String(target.dropFirst(root.count))
        }
        let name = resolved == root ? "/" : String(resolved.split(separator: "/").last ?? "")
        let info = ContainerPathInfo(
            name: name, size: Int64(st.st_size), mode: UInt32(st.st_mode),
            modifiedNano: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec), linkTarget: linkTarget)
        return (info, resolved)
    }

    /// `path` inside `root` with every symlink but the last followed in scope (`..` clamped at the root); a
    /// path ending in `/` or `/.` is resolved fully.
    static func resolveKeepingLastLink(_ path: String, in root: String) throws -> String {
        if path.hasSuffix("/") || path.hasSuffix("/.") { return try ScopedPath.resolve(path, in: root) }
        var components: [String] = []
        for component in path.split(separator: "/").map(String.init) where component != "." {
            if component == ".." {
                _ = components.popLast()
            } else {
                components.append(component)
            }
        }
        guard let last = components.popLast() else { return root }
        let parent = try ScopedPath.resolve(components.joined(separator: "/"), in: root)
        return parent + "/" + last
    }
}
