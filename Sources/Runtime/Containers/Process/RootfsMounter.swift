import CContainer
import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Makes a container's root filesystem from its image's layer directories: an overlayfs mount (layers as
/// read-only lower directories, the container's changes in `upper`), or, where overlayfs is unavailable
/// (e.g. the data root is itself on an overlay that cannot be stacked), a full copy of the layers in `upper`.
struct RootfsMounter {
    /// False forces the copy (tests use it to check both ways give the same tree).
    var overlay = true

    func mount(layers: [String], upper: String, work: String, target: String) throws -> RootfsMount {
        for directory in [upper, work, target] {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw DaemonError.system("cannot create \(directory): \(error.localizedDescription)")
            }
        }
        if overlay, !layers.isEmpty {
            // overlayfs takes the topmost lower directory first.
            let options = "lowerdir=\(layers.reversed().joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
            if Glibc.mount("overlay", target, "overlay", 0, options) == 0 {
                return RootfsMount(path: target, upperDirectory: upper, isOverlay: true)
            }
            let code = errno
            guard [EINVAL, ENODEV, EPERM, ENOTSUP, EOPNOTSUPP].contains(code) else {
                throw DaemonError.system("cannot mount the root filesystem on \(target): \(String(cString: strerror(code)))")
            }
        }
        try BlockingCopy.stack(layers, into: upper)
        return RootfsMount(path: upper, upperDirectory: upper, isOverlay: false)
    }

    func unmount(_ mount: RootfsMount) throws {
        guard mount.isOverlay else { return }
        if umount2(mount.path, Int32(MNT_DETACH)) != 0, errno != EINVAL, errno != ENOENT {
            throw DaemonError.system("cannot unmount \(mount.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Stacks layer directories by copying, applying each layer's overlay-form whiteouts on the way as
/// overlayfs would: a 0/0 character device deletes the path below it; a directory with
/// `trusted.overlay.opaque=y` hides what the layers below had in it. (The image store writes whiteouts in
/// that form when extracting as root, which is the only way containers run.)
enum BlockingCopy {
    static func stack(_ layers: [String], into target: String) throws {
        for layer in layers {
            if isOpaque(layer) {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [] {
                    try removeTree(target + "/" + name)
                }
            }
            var links: [String: String] = [:]
            try copyTree(from: layer, to: target, links: &links)
        }
    }

    private static func copyTree(from source: String, to target: String, links: inout [String: String]) throws {
        guard let directory = opendir(source) else { throw failure("opendir", source) }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name == "." || name == ".." { continue }
            try copyEntry(source + "/" + name, to: target + "/" + name, links: &links)
        }
    }

    private static func copyEntry(_ source: String, to target: String, links: inout [String: String]) throws {
        var st = stat()
        guard lstat(source, &st) == 0 else { throw failure("lstat", source) }
        var existing = stat()
        let exists = lstat(target, &existing) == 0
        switch st.st_mode & S_IFMT {
        case S_IFCHR where st.st_rdev == 0:
            if exists { try removeTree(target) }
        case S_IFDIR:
            var keep = exists
            if exists, existing.st_mode & S_IFMT != S_IFDIR || isOpaque(source) {
                try removeTree(target)
                keep = false
            }
            if !keep {
                guard mkdir(target, 0o700) == 0 else { throw failure("mkdir", target) }
            }
            try copyTree(from: source, to: target, links: &links)
            try copyMetadata(st, to: target)
        default:
            if exists { try removeTree(target) }
            try copyNonDirectory(source, st, to: target, links: &links)
        }
    }

    private static func copyNonDirectory(_ source: String, _ st: stat, to target: String, links: inout [String: String]) throws {
        let key = "\(st.st_dev):\(st.st_ino)"
        if st.st_nlink > 1, let first = links[key] {
            guard link(first, target) == 0 else { throw failure("link", target) }
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            try copyFile(source, to: target)
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(source, &buffer, buffer.count - 1)
            guard n >= 0 else { throw failure("readlink", source) }
            buffer[n] = 0
            guard symlink(buffer, target) == 0 else { throw failure("symlink", target) }
        case S_IFIFO:
            guard mkfifo(target, 0o600) == 0 else { throw failure("mkfifo", target) }
        default:
            return  // sockets and devices are never in extracted layers
        }
        if st.st_nlink > 1 { links[key] = target }
        try copyMetadata(st, to: target)
    }

    private static func copyFile(_ source: String, to target: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw failure("open", source) }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard output >= 0 else { throw failure("open", target) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let n = read(input, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw failure("read", source) }
            if n == 0 { return }
            var offset = 0
            while offset < n {
                let written = buffer.withUnsafeBytes { write(output, $0.baseAddress! + offset, n - offset) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw failure("write", target) }
                offset += written
            }
        }
    }

    private static func copyMetadata(_ st: stat, to target: String) throws {
        guard lchown(target, st.st_uid, st.st_gid) == 0 else { throw failure("lchown", target) }
        if st.st_mode & S_IFMT != S_IFLNK {
            guard chmod(target, st.st_mode & 0o7777) == 0 else { throw failure("chmod", target) }
        }
        var times = [st.st_atim, st.st_mtim]
        utimensat(AT_FDCWD, target, &times, AT_SYMLINK_NOFOLLOW)
    }

    private static func isOpaque(_ directory: String) -> Bool {
        cc_is_overlay_opaque(directory) != 0
    }

    private static func removeTree(_ path: String) throws {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw DaemonError.system("cannot remove \(path): \(error.localizedDescription)")
        }
    }

    private static func failure(_ operation: String, _ path: String) -> DaemonError {
        DaemonError.system(POSIXFailure(operation: operation, path: path).description)
    }
}
