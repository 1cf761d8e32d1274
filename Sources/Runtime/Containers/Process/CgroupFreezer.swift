import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A container's freezer cgroup: every process of the container is in it, so it lists them (`top`) and
/// freezes and thaws them together (`pause`/`unpause`).
///
/// cgroup v1 (a `freezer` hierarchy): `/sys/fs/cgroup/freezer/daemon-tui/<id>/` with `freezer.state`
/// FROZEN/THAWED. cgroup v2 (unified at `/sys/fs/cgroup`): `/sys/fs/cgroup/daemon-tui/<id>/` with
/// `cgroup.freeze` 1/0 and `frozen` in `cgroup.events`.
struct CgroupFreezer: Codable, Sendable, Equatable {
    enum Version: String, Codable, Sendable { case v1, v2 }

    /// The cgroup directory.
    var path: String
    var version: Version

    /// The cgroup a container with `id` gets on this host, or nil when there is no freezer.
    static func forContainer(_ id: String, root: String = "/sys/fs/cgroup") -> CgroupFreezer? {
        let fm = FileManager.default
        if fm.fileExists(atPath: root + "/freezer/cgroup.procs") {
            return CgroupFreezer(path: "\(root)/freezer/daemon-tui/\(id)", version: .v1)
        }
        if fm.fileExists(atPath: root + "/cgroup.controllers") {
            return CgroupFreezer(path: "\(root)/daemon-tui/\(id)", version: .v2)
        }
        return nil
    }

    /// Creates the cgroup directory (and its parent).
    func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Moves `pid` into the cgroup; its future children are born there.
    func add(_ pid: Int32) throws {
        try write("\(pid)\n", to: "cgroup.procs")
    }

    /// The host PIDs of every process in the cgroup.
    func processIDs() throws -> [Int32] {
        try read("cgroup.procs").split(whereSeparator: \.isNewline).compactMap { Int32($0) }
    }

    /// Freezes every process and returns once they all are frozen.
    func freeze() throws {
        switch version {
        case .v1: try write("FROZEN", to: "freezer.state")
        case .v2: try write("1", to: "cgroup.freeze")
        }
        try waitUntil(frozen: true)
    }

    /// Thaws every process.
    func thaw() throws {
        switch version {
        case .v1: try write("THAWED", to: "freezer.state")
        case .v2: try write("0", to: "cgroup.freeze")
        }
        try waitUntil(frozen: false)
    }

    /// Whether the cgroup is frozen now.
    func isFrozen() throws -> Bool {
        switch version {
        case .v1: return try read("freezer.state").trimmingCharacters(in: .whitespacesAndNewlines) == "FROZEN"
        case .v2: return try read("cgroup.events").split(whereSeparator: \.isNewline).contains("frozen 1")
        }
    }

    /// Thaws and removes the cgroup (once it is empty); errors are ignored: it is only tidying up.
    func remove() {
        try? thaw()
        rmdir(path)
    }

    // Freezing is asynchronous in the kernel (v1 passes through FREEZING): wait, briefly, for it to settle.
    private func waitUntil(frozen: Bool) throws {
        for _ in 0..<2000 {
            if try isFrozen() == frozen { return }
            usleep(1000)
        }
        throw DaemonError.system("cgroup \(path) did not become \(frozen ? "frozen" : "thawed")")
    }

    private func write(_ text: String, to file: String) throws {
        let target = path + "/" + file
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DaemonError.system(POSIXFailure(operation: "open", path: target).description) }
        defer { close(fd) }
        let written = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        guard written >= 0 else { throw DaemonError.system(POSIXFailure(operation: "write", path: target).description) }
    }

    private func read(_ file: String) throws -> String {
        let target = path + "/" + file
        do {
            return try String(contentsOfFile: target, encoding: .utf8)
        } catch {
            throw DaemonError.system("cannot read \(target): \(error.localizedDescription)")
        }
    }
}
