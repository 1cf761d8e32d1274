import Foundation

/// The filesystem a directory lives on, named as dockerd's `Backing Filesystem` line in `/info` names it.
enum BackingFilesystem {
    /// `extfs`, `xfs`, `btrfs`, `tmpfs`, `overlay`…: the type of the mount holding `path` (the longest mount
    /// point that contains it, from `/proc/self/mountinfo`), or `unknown`.
    static func name(of path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let table = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        var best: (length: Int, type: String)?
        for line in table.split(separator: "\n") {
            // `<id> <parent> <dev> <root> <mount point> <options> [optional fields] - <fs type> <source> <super options>`
            let fields = line.split(separator: " ")
            guard fields.count > 5, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count else { continue }
            let mountPoint = String(fields[4]).replacingOccurrences(of: "\\040", with: " ")
            let inside = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
            guard inside, mountPoint.count >= best?.length ?? -1 else { continue }
            best = (mountPoint.count, String(fields[dash + 1]))
        }
        switch best?.type {
        case .none: return "unknown"
        case "ext2", "ext3", "ext4": return "extfs"
        case let type?: return type
        }
    }
}
