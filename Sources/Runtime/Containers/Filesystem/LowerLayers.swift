import CArchive
import Foundation

/// The read-only view an image's extracted layers give (lowest first), as overlayfs would merge them:
/// whiteouts (a `0/0` character device, a `.wh.<name>` file, or one recorded at extraction) hide a path of
/// the layers below, and an opaque directory (`trusted.overlay.opaque=y`, a `.wh..wh..opq` file, or one
/// recorded) hides everything below it.
struct LowerLayers {
    let layers: [String]
    /// Per layer, the whiteouts and opaque directories its extraction recorded but could not make on disk
    /// (not root); empty when they are all on disk.
    let recorded: [Recorded]

    /// Whiteouts of one layer that exist only as records (relative paths; `""` is the layer root).
    struct Recorded {
        var deleted: Set<String> = []
        var opaque: Set<String> = []
    }

    /// The view of `layers`; `extractions` (same order, optional) supply whiteouts not made on disk.
    init(layers: [String], extractions: [ExtractionResult] = []) {
        self.layers = layers
        recorded = layers.indices.map { index in
            guard index < extractions.count, !extractions[index].overlayWhiteouts else { return Recorded() }
            return Recorded(deleted: Set(extractions[index].whiteouts), opaque: Set(extractions[index].opaqueDirectories))
        }
    }

    /// The `lstat` of `relative` (no leading `/`) in the merged view, or nil when it is not there.
    func lookup(_ relative: String) -> stat? {
        let components = relative.split(separator: "/").map(String.init)
        for layer in layers.indices.reversed() {
            var path = layers[layer]
            var current = ""
            var hidesBelow = isOpaque(layer, path: path, relative: "")
            for (index, component) in components.enumerated() {
                let child = current.isEmpty ? component : current + "/" + component
                if isWhiteout(layer, directory: path, name: component, relative: child) { return nil }
                path += "/" + component
                var info = stat()
                guard lstat(path, &info) == 0 else { break }
                if index == components.count - 1 { return info }
                // A non-directory here hides whatever the layers below have under that name.
                guard info.st_mode & S_IFMT == S_IFDIR else { return nil }
                current = child
                if isOpaque(layer, path: path, relative: current) { hidesBelow = true }
            }
            if hidesBelow { return nil }
        }
        return nil
    }

    /// The names in `relative` (a directory of the merged view), sorted.
    func names(in relative: String) -> [String] {
        var seen = Set<String>()
        var hidden = Set<String>()
        for layer in layers.indices.reversed() {
            let directory = relative.isEmpty ? layers[layer] : layers[layer] + "/" + relative
            for deleted in recorded[layer].deleted where Self.parent(of: deleted) == relative {
                hidden.insert(String(deleted.split(separator: "/").last ?? ""))
            }
            var info = stat()
            if lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                for name in DirectoryWalker.names(in: directory) {
                    if name.hasPrefix(".wh.") {
                        if name != ".wh..wh..opq" { hidden.insert(String(name.dropFirst(4))) }
                        continue
                    }
                    let child = relative.isEmpty ? name : relative + "/" + name
                    if isWhiteout(layer, directory: directory, name: name, relative: child) {
                        hidden.insert(name)
                        continue
                    }
                    if !hidden.contains(name) { seen.insert(name) }
                }
            }
            if hidesBelow(layer, relative) { break }
        }
        return seen.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Whether `layer` hides the lower layers' `relative`: it or one of its parents is opaque or deleted there.
    private func hidesBelow(_ layer: Int, _ relative: String) -> Bool {
        var path = layers[layer]
        var current = ""
        if isOpaque(layer, path: path, relative: "") { return true }
        for component in relative.split(separator: "/").map(String.init) {
            let child = current.isEmpty ? component : current + "/" + component
            if isWhiteout(layer, directory: path, name: component, relative: child) { return true }
            path += "/" + component
            current = child
            if isOpaque(layer, path: path, relative: current) { return true }
        }
        return false
    }

    private func isWhiteout(_ layer: Int, directory: String, name: String, relative: String) -> Bool {
        recorded[layer].deleted.contains(relative) || Self.isWhiteout(directory: directory, name: name)
    }

    private func isOpaque(_ layer: Int, path: String, relative: String) -> Bool {
        recorded[layer].opaque.contains(relative) || Self.isOpaque(path)
    }

    private static func parent(of relative: String) -> String {
        guard let slash = relative.lastIndex(of: "/") else { return "" }
        return String(relative[..<slash])
    }

    /// Whether `name` in `directory` is deleted by a whiteout on disk there.
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

    /// Whether the directory hides the layers below it (on disk).
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
