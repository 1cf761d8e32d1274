import Foundation

/// A tiny root filesystem built from the host's busybox-static, for importing as an image in tests.
public enum BusyboxRootfs {
    /// The applets linked in `/bin`.
    public static let applets = [
        "sh", "echo", "ls", "cat", "sleep", "ps", "top", "env", "touch", "mkdir", "rm", "true", "false",
        "hostname", "id", "wc", "head", "tail", "grep", "pwd", "whoami", "kill", "seq", "date", "stat",
    ]

    /// The host's busybox binary, if busybox-static is installed.
    public static var busybox: String? {
        ["/bin/busybox", "/usr/bin/busybox"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Builds the tree in `directory` (created if needed). Throws when busybox is missing.
    public static func build(in directory: URL) throws {
        guard let busybox else { throw MissingBusybox() }
        let fm = FileManager.default
        for dir in ["bin", "etc", "tmp", "proc", "dev", "root", "sys"] {
            try fm.createDirectory(at: directory.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        let target = directory.appendingPathComponent("bin/busybox")
        if !fm.fileExists(atPath: target.path) { try fm.copyItem(atPath: busybox, toPath: target.path) }
        for applet in applets {
            let link = directory.appendingPathComponent("bin/\(applet)")
            if !fm.fileExists(atPath: link.path) { try fm.createSymbolicLink(atPath: link.path, withDestinationPath: "busybox") }
        }
        try "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n"
            .write(to: directory.appendingPathComponent("etc/passwd"), atomically: true, encoding: .utf8)
        try "root:x:0:\nnogroup:x:65534:\n"
            .write(to: directory.appendingPathComponent("etc/group"), atomically: true, encoding: .utf8)
    }

    /// Builds the tree and packs it as a tar at `tarPath` (for `docker import - NAME < tarPath`).
    public static func tarball(at tarPath: String) throws {
        let tree = try TemporaryDirectory(prefix: "rootfs")
        defer { tree.remove() }
        try build(in: tree.url)
        let result = try Command.run("tar", ["-C", tree.path, "-cf", tarPath, "."])
        guard result.status == 0 else { throw TarFailed(message: result.stderr) }
    }

    public struct MissingBusybox: Error, CustomStringConvertible {
        public var description: String { "busybox-static is not installed (apt-get install busybox-static)" }
    }

    public struct TarFailed: Error, CustomStringConvertible {
        public let message: String
        public var description: String { "tar failed: \(message)" }
    }
}
