import CContainer
import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The identity a container process runs as, resolved from `User` against the container's own `/etc/passwd`
/// and `/etc/group` — parsed here, never through NSS (which would load the container's libraries into the
/// supervisor), and read through `RESOLVE_IN_ROOT` so symlinks in the image cannot lead to host files.
struct ContainerUser: Equatable, Sendable {
    var uid: UInt32
    var gid: UInt32
    /// Supplementary groups (the primary group when the user is in no other).
    var groups: [UInt32]
    /// The user's home directory (`HOME` unless the container sets it).
    var home: String

    /// Files larger than this are refused (a hostile image could point at something endless).
    static let maxFileSize = 1 << 20

    /// Resolves `user` (`""`, `uid`, `uid:gid`, `name`, `name:group`, …) inside `rootfs`.
    static func resolve(_ user: String, rootfs: String) throws -> ContainerUser {
        let parts = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userPart = parts.first.flatMap { $0.isEmpty ? nil : $0 } ?? "0"
        let groupPart = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
        let passwd = try readTable("/etc/passwd", rootfs: rootfs)
        let groupTable = try readTable("/etc/group", rootfs: rootfs)

        var resolved: ContainerUser
        var name: String?
        if let entry = passwd.first(where: { $0.count >= 4 && ($0[0] == userPart || $0[2] == userPart) }),
            let uid = UInt32(entry[2]), let gid = UInt32(entry[3])
        {
            name = entry[0]
            resolved = ContainerUser(uid: uid, gid: gid, groups: [], home: entry.count > 5 && !entry[5].isEmpty ? entry[5] : "/")
        } else if let uid = UInt32(userPart) {
            resolved = ContainerUser(uid: uid, gid: 0, groups: [], home: "/")
        } else {
            throw DaemonError.invalidParameter("unable to find user \(userPart): no matching entries in passwd file")
        }
        if let groupPart {
            if let entry = groupTable.first(where: { $0.count >= 3 && ($0[0] == groupPart || $0[2] == groupPart) }),
                let gid = UInt32(entry[2])
            {
                resolved.gid = gid
            } else if let gid = UInt32(groupPart) {
                resolved.gid = gid
            } else {
                throw DaemonError.invalidParameter("unable to find group \(groupPart): no matching entries in group file")
            }
        }
        if let name {
            resolved.groups = groupTable.compactMap { entry in
                guard entry.count >= 4, entry[3].split(separator: ",").contains(Substring(name)) else { return nil }
                return UInt32(entry[2])
            }
        }
        if resolved.groups.isEmpty { resolved.groups = [resolved.gid] }
        return resolved
    }

    /// The colon-separated lines of a file inside the root; empty when it does not exist.
    private static func readTable(_ path: String, rootfs: String) throws -> [[String]] {
        let root = cc_open_directory_path(rootfs)
        guard root >= 0 else {
            throw DaemonError.system(POSIXFailure(operation: "open", path: rootfs, code: -root).description)
        }
        defer { close(root) }
        let fd = cc_open_in_root(root, path, O_RDONLY | O_NONBLOCK)
        if fd == -ENOENT { return [] }
        guard fd >= 0 else {
            throw DaemonError.invalidParameter("cannot read \(path) in the container: \(String(cString: strerror(-fd)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw DaemonError.invalidParameter("\(path) in the container is not a regular file")
        }
        guard st.st_size <= maxFileSize else {
            throw DaemonError.invalidParameter("\(path) in the container is larger than \(maxFileSize) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            count += n
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }
}
