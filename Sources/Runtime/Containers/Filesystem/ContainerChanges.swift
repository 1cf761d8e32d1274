import Foundation

/// What a container changed in its root filesystem (`docker diff`), computed as moby does it.
///
/// With overlayfs the upper directory holds exactly the changes: a `0/0` character device or an opaque
/// directory is a deletion (D), anything else is an addition (A) unless the path exists in a lower layer
/// (C); a lower directory whose mode, size and time are unchanged is only listed when something inside it
/// changed. With the copy fallback the upper directory is the whole tree, compared with the image's layers:
/// new paths are A, vanished ones D, and those whose type, mode, owner, or (for non-directories) size or
/// modification time differ are C. Either way the parent directory of a change is C.
public enum ContainerChanges {
    /// The changes, sorted by path. `lowerExtractions` (the image's `layerExtractions`, same order as
    /// `lowerLayers`) supply the whiteouts an extraction without root could only record.
    public static func changes(
        upperDirectory: String, isOverlay: Bool, lowerLayers: [String], lowerExtractions: [ExtractionResult] = []
    ) throws -> [FilesystemChange] {
        let upper = ContainerArchive.normalized(upperDirectory)
        var info = stat()
        guard stat(upper, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ImageStoreError.system("the container's upper directory \(upper) is not there")
        }
        var collector = Collector()
        let lower = LowerLayers(layers: lowerLayers.map(ContainerArchive.normalized), extractions: lowerExtractions)
        if isOverlay {
            overlayChanges(upper: upper, lower: lower, into: &collector)
        } else {
            copiedTreeChanges(tree: upper, lower: lower, into: &collector)
        }
        return collector.changes.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    private static func overlayChanges(upper: String, lower: LowerLayers, into collector: inout Collector) {
        var walker = DirectoryWalker(root: upper)
        while let entry = walker.next() {
            let path = "/" + entry.relative
            if LowerLayers.isWhiteoutDevice(entry.info) || entry.isDirectory && OverlayXattr.isOpaque(entry.path) {
                collector.record(path, .deleted, isDirectory: entry.isDirectory)
                continue
            }
            guard let old = lower.lookup(entry.relative) else {
                collector.record(path, .added, isDirectory: entry.isDirectory)
                continue
            }
            if entry.isDirectory && old.st_mode & S_IFMT == S_IFDIR && old.st_mode == entry.info.st_mode
                && old.st_size == entry.info.st_size && sameTime(old.st_mtim, entry.info.st_mtim)
            {
                continue
            }
            collector.record(path, .modified, isDirectory: entry.isDirectory)
        }
    }

    private static func copiedTreeChanges(tree: String, lower: LowerLayers, into collector: inout Collector) {
        var walker = DirectoryWalker(root: tree)
        while let entry = walker.next() {
            let path = "/" + entry.relative
            guard let old = lower.lookup(entry.relative) else {
                collector.record(path, .added, isDirectory: entry.isDirectory)
                continue
            }
            if differs(old, entry.info) { collector.record(path, .modified, isDirectory: entry.isDirectory) }
        }
        // What the image had and the tree no longer has (depth first; a stack of names still to visit).
        var pending = Array(lower.names(in: "").reversed())
        while let relative = pending.popLast() {
            var info = stat()
            guard lstat(tree + "/" + relative, &info) == 0 else {
                collector.record("/" + relative, .deleted, isDirectory: false)
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR, let old = lower.lookup(relative), old.st_mode & S_IFMT == S_IFDIR {
                pending.append(contentsOf: lower.names(in: relative).reversed().map { relative + "/" + $0 })
            }
        }
    }

    /// moby's `statDifferent`.
    private static func differs(_ old: stat, _ new: stat) -> Bool {
        if old.st_mode != new.st_mode || old.st_uid != new.st_uid || old.st_gid != new.st_gid || old.st_rdev != new.st_rdev {
            return true
        }
        if old.st_mode & S_IFMT != S_IFDIR {
            return old.st_size != new.st_size || !sameTime(old.st_mtim, new.st_mtim)
        }
        return false
    }

    private static func sameTime(_ a: timespec, _ b: timespec) -> Bool {
        a.tv_sec == b.tv_sec && (a.tv_nsec == b.tv_nsec || a.tv_nsec == 0 || b.tv_nsec == 0)
    }

    /// Changes in order, plus moby's rule that the parent directory of an addition or deletion is C.
    private struct Collector {
        var changes: [FilesystemChange] = []
        var changedDirectories = Set<String>()
        var recorded = Set<String>()

        mutating func record(_ path: String, _ kind: FilesystemChange.Kind, isDirectory: Bool) {
            if isDirectory { changedDirectories.insert(path) }
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            if kind != .modified, !parent.isEmpty, !changedDirectories.contains(parent) {
                changedDirectories.insert(parent)
                if recorded.insert(parent).inserted { changes.append(FilesystemChange(path: parent, kind: .modified)) }
            }
            if recorded.insert(path).inserted { changes.append(FilesystemChange(path: path, kind: kind)) }
        }
    }
}
