import Foundation

/// A depth-first walk of a directory tree without following symlinks: each entry once, parents before their
/// children, names in byte order within a directory (as Go's `filepath.Walk`). Entries that vanish while
/// walking (a running container) are skipped.
struct DirectoryWalker {
    /// One entry: its path on disk, its path relative to the walk's root (no leading `/`), its `lstat`.
    struct Entry {
        var path: String
        var relative: String
        var info: stat
        var isDirectory: Bool { info.st_mode & S_IFMT == S_IFDIR }
    }

    /// One directory being listed: its children and how far the walk got.
    private struct Frame {
        var children: [(path: String, relative: String)]
        var next = 0
    }

    private var stack: [Frame]
    private var lastDirectory: Entry?

    /// A walk under `root` (the root itself is not an entry).
    init(root: String) {
        stack = [Frame(children: Self.children(of: root, relative: ""))]
    }

    /// The next entry, or nil at the end.
    mutating func next() -> Entry? {
        if let directory = lastDirectory {
            stack.append(Frame(children: Self.children(of: directory.path, relative: directory.relative)))
        }
        lastDirectory = nil
        while !stack.isEmpty {
            let index = stack.count - 1
            guard stack[index].next < stack[index].children.count else {
                stack.removeLast()
                continue
            }
            let (path, relative) = stack[index].children[stack[index].next]
            stack[index].next += 1
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let entry = Entry(path: path, relative: relative, info: info)
            if entry.isDirectory { lastDirectory = entry }
            return entry
        }
        return nil
    }

    /// The names in `directory`, sorted by their bytes.
    static func names(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private static func children(of directory: String, relative: String) -> [(path: String, relative: String)] {
        names(in: directory).map { (directory + "/" + $0, relative.isEmpty ? $0 : relative + "/" + $0) }
    }
}
