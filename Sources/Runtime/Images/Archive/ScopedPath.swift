import Foundation

/// Resolves paths named inside an extracted archive (manifest `Config`/`Layers`, OCI blobs) without ever
/// leaving it, as moby's `FollowSymlinkInScope`: symlinks are followed, but `..` and absolute targets are
/// clamped at the archive root, so `../../etc/shadow` or a link to `/etc/shadow` resolve inside it.
enum ScopedPath {
    static func resolve(_ path: String, in root: String) throws -> String {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var hops = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." || component.isEmpty { continue }
            if component == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            let candidate = resolved + [component]
            let full = root + "/" + candidate.joined(separator: "/")
            var st = stat()
            guard lstat(full, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else {
                resolved = candidate
                continue
            }
            hops += 1
            guard hops <= 255 else { throw ImageStoreError.invalidArchive("too many symlinks resolving \(path)") }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(full, &buffer, Int(PATH_MAX))
            guard n >= 0 else { throw ImageStoreError.invalidArchive("cannot read symlink \(component) in \(path)") }
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") { resolved = [] }
            pending = target.split(separator: "/").map(String.init) + pending
        }
        return resolved.isEmpty ? root : root + "/" + resolved.joined(separator: "/")
    }

    /// Reads a small file named inside the archive, refusing more than `limit` bytes (manifests and configs
    /// are small; a huge one is an attack).
    static func read(_ path: String, in root: String, limit: Int = 8 << 20) throws -> Data {
        let resolved = try resolve(path, in: root)
        let fd = open(resolved, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw ImageStoreError.invalidArchive("archive has no file \(path)") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw ImageStoreError.invalidArchive("\(path) in the archive is not a regular file")
        }
        guard st.st_size <= limit else { throw ImageStoreError.invalidArchive("\(path) in the archive is larger than \(limit) bytes") }
        var data = Data(count: Int(st.st_size))
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw ImageStoreError.invalidArchive("cannot read \(path) in the archive") }
            offset += n
        }
        return data
    }
}
