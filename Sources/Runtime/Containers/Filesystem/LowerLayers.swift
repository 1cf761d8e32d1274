import CArchive
import Foundation

/// The read-only view an image's extracted layers give (lowest first), as overlayfs would merge them:
/// whiteouts (a `0/0` character device or a `.wh.<name>` file) hide a path of the layers below, and an opaque
/// directory (`trusted.overlay.opaque=y`, or a `.wh..wh..opq` file) hides everything below it.
struct LowerLayers {
    let layers: [String]

    /// The `lstat` of `relative` (no leading `/`) in the merged view, or nil when it is not there.
    func lookup(_ relative: String) -> stat? {
        let components = relative.split(separator: "/").map(String.init)
        for layer in layers.reversed() {
            var hidden = false
            var prefix = layer
            for (index, component) in components.enumerated() {
                if Self.isWhiteout(directory: prefix, name: component) {
                    hidden = true
                    break
                }
                prefix += "/" + component
                var info = stat()
                guard lstat(prefix, &info) == 0 else { break }
                if index == components.count - 1 { return info }
                if info.st_mode & S_IFMT != S_IFDIR { break }
                if Self.isOpaque(prefix) {
                    // The rest of the path can only come from this layer.
                    return lstatRest(prefix, components[(index + 1)...])
                }
            }
            if hidden { return nil }
        }
        return nil
    }

    /// The names in `relative` (a directory) in the merged view, sorted.
    func names(in relative: String) -> [String] {
        var seen = Set<String>()
        var hidden = Set<String>()
        for layer in layers.reversed() {
            let directory = relative.isEmpty ? layer : layer + "/" + relative
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            for name in DirectoryWalker.names(in: directory) {
                if name.hasPrefix(".wh.") {
                    if name != ".wh..wh..opq" { hidden.insert(String(name.dropFirst(4))) }
                    continue
                }
                if Self.isWhiteout(directory: directory, name: name) {
                    hidden.insert(name)
                    continue
                }
                if !hidden.contains(name) { seen.insert(name) }
            }
            if Self.isOpaque(directory) { break }
        }
        return seen.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private func lstatRest(_ base: String, _ rest: ArraySlice<String>) -> stat? {
        var info = stat()
        let path = ([base] + rest).joined(separator: "/")
        return lstat(path, &info) == 0 ? info : nil
    }

    /// Whether `name` in `directory` is deleted by a whiteout there.
    static func isWhiteout(directory: String, name: String) -> Bool {
        var info = stat()
        if lstat(directory + "/.wh." + name, &info) == 0 { return true }
        if lstat(directory + "/" + name, &info) == 0 { return isWhiteoutDevice(info) }
        return false
    }

    /// overlayfs's whiteout: a character device numbered 0/0.
    static func isWhiteoutDevice(_ info: stat) -> Bool {
        info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == 0
    }

    /// Whether the directory hides the layers below it.
    static func isOpaque(_ directory: String) -> Bool {
        var info = stat()
        if lstat(directory + "/.wh..wh..opq", &info) == 0 { return true }
        return OverlayXattr.isOpaque(directory)
    }
}

/// The overlayfs extended attribute that marks an opaque directory.
enum OverlayXattr {
    static func isOpaque(_ directory: String) -> Bool {
        for name in ["trusted.overlay.opaque", "user.overlay.opaque"] {
            var value = [UInt8](repeating: 0, count: 4)
            let n = lgetxattr(directory, name, &value, value.count)
            if n == 1 && value[0] == UInt8(ascii: "y") { return true }
        }
        return false
    }
}
