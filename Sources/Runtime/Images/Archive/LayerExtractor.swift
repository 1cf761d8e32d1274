import CArchive
import Foundation

/// Extracts a tar into a directory with libarchive, refusing every entry that could write outside it.
///
/// Each entry is checked before anything is written: names must be relative and free of `..` (absolute names
/// and `..` are refused, not rewritten); no parent directory on disk may be a symlink (so a symlink in the
/// archive can exist, pointing anywhere, but is never written through); hard links must name an existing
/// non-directory inside the target by the same rules; device nodes are refused. libarchive's own
/// `SECURE_SYMLINKS`/`SECURE_NODOTDOT` checks stay on as a second line. On any refusal the caller deletes the
/// (staging) target, so nothing is left behind.
///
/// In `.layer` mode, AUFS-style whiteouts (`.wh.<name>`, `.wh..wh..opq`) are not extracted as files but
/// converted to overlayfs whiteouts when running as root, and always recorded in the result.
struct LayerExtractor {
    enum Mode {
        /// An image layer: whiteouts are interpreted; ownership and `user.*`/`security.capability` xattrs kept.
        case layer
        /// The outer archive of `docker load`: names are taken literally; no ownership or xattrs.
        case archive
    }

    /// The target directory: existing, empty, and with no symlink anywhere in its own path.
    let root: String
    let mode: Mode
    /// At most this many entries (a tar of millions of empty files is an inode bomb).
    var maxEntries = 2_000_000

    func extract(tarPath: String) throws -> ExtractionResult {
        let reader = try ArchiveReader(path: tarPath, mode: .tar)
        guard let disk = archive_write_disk_new() else { throw ImageStoreError.system("archive_write_disk_new failed") }
        defer { archive_write_free(disk) }
        let privileged = geteuid() == 0
        var flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT
        if mode == .layer {
            flags |= ARCHIVE_EXTRACT_XATTR
            if privileged { flags |= ARCHIVE_EXTRACT_OWNER }
        }
        archive_write_disk_set_options(disk, flags)

        var result = ExtractionResult(size: 0, entries: 0, whiteouts: [], opaqueDirectories: [], overlayWhiteouts: privileged)
        while let entry = try reader.nextEntry() {
            result.entries += 1
            guard result.entries <= maxEntries else {
                throw ImageStoreError.invalidArchive("archive has more than \(maxEntries) entries")
            }
            let name = try Self.name(of: entry)
            guard let relative = try Self.sanitize(name) else { continue }
            try checkParents(of: relative, entry: name)
            let hardlink = archive_entry_hardlink(entry).map { String(cString: $0) }
            let type = archive_entry_filetype(entry)
            if hardlink == nil {
                if type == carchive_ifchr() || type == carchive_ifblk() {
                    throw ImageStoreError.invalidArchive("archive entry \(name) is a device node, which is refused")
                }
                if type == carchive_ifsock() { continue }
            }
            let components = relative.split(separator: "/").map(String.init)
            if mode == .layer, components.last!.hasPrefix(".wh.") {
                try applyWhiteout(components, entry: name, result: &result)
                continue
            }
            if let hardlink {
                guard let target = try Self.sanitize(hardlink, what: "hard link \(name) → \(hardlink)") else {
                    throw ImageStoreError.invalidArchive("hard link \(name) points at the archive root")
                }
                try checkParents(of: target, entry: name)
                var st = stat()
                guard lstat(root + "/" + target, &st) == 0 else {
                    throw ImageStoreError.invalidArchive("hard link \(name) points at \(hardlink), which is not in the archive")
                }
                guard st.st_mode & S_IFMT != S_IFDIR else {
                    throw ImageStoreError.invalidArchive("hard link \(name) points at a directory")
                }
                archive_entry_copy_hardlink(entry, root + "/" + target)
            }
            archive_entry_copy_pathname(entry, root + "/" + relative)
            if mode == .layer { Self.keepSafeXattrs(entry) } else { archive_entry_xattr_clear(entry) }
            guard archive_write_header(disk, entry) >= ARCHIVE_WARN else {
                throw ImageStoreError.invalidArchive("cannot extract \(name): \(ArchiveReader.errorString(disk))")
            }
            if hardlink == nil, archive_entry_size(entry) > 0 {
                try reader.readData { block, offset in
                    guard archive_write_data_block(disk, block.baseAddress, block.count, offset) >= ARCHIVE_WARN else {
                        throw ImageStoreError.system("cannot write \(name): \(ArchiveReader.errorString(disk))")
                    }
                }
            }
            guard archive_write_finish_entry(disk) >= ARCHIVE_WARN else {
                throw ImageStoreError.system("cannot finish \(name): \(ArchiveReader.errorString(disk))")
            }
            if hardlink == nil {
                if type == carchive_ifreg() { result.size += archive_entry_size(entry) }
                if type == carchive_iflnk(), let target = archive_entry_symlink(entry) { result.size += Int64(strlen(target)) }
            }
        }
        guard archive_write_close(disk) >= ARCHIVE_WARN else {
            throw ImageStoreError.system("cannot finish extraction: \(ArchiveReader.errorString(disk))")
        }
        return result
    }

    /// Normalises an entry name: `./a//b/` → `a/b`; nil for the root itself; throws for absolute names and `..`.
    static func sanitize(_ name: String, what: String? = nil) throws -> String? {
        let what = what ?? "archive entry \(name)"
        if name.hasPrefix("/") {
            throw ImageStoreError.invalidArchive("\(what) has an absolute path, which is refused")
        }
        var parts: [Substring] = []
        for part in name.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." {
                throw ImageStoreError.invalidArchive("\(what) contains \"..\", which is refused")
            }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    private static func name(of entry: OpaquePointer) throws -> String {
        if let raw = archive_entry_pathname(entry) { return String(cString: raw) }
        if let raw = archive_entry_pathname_utf8(entry) { return String(cString: raw) }
        throw ImageStoreError.invalidArchive("archive entry with an unreadable name")
    }

    /// Refuses a path whose existing parent directories include a symlink: writing there would follow it.
    private func checkParents(of relative: String, entry: String) throws {
        var prefix = root
        let components = relative.split(separator: "/")
        for component in components.dropLast() {
            prefix += "/" + component
            var st = stat()
            if lstat(prefix, &st) != 0 { return }
            if st.st_mode & S_IFMT == S_IFLNK {
                throw ImageStoreError.invalidArchive(
                    "archive entry \(entry) would be written through the symlink \(prefix.dropFirst(root.count + 1)), which is refused")
            }
        }
    }

    /// Creates the missing directories of `components` (a relative path) under the root, refusing symlinks.
    private func ensureDirectory(_ components: ArraySlice<String>, entry: String) throws {
        var path = root
        for component in components {
            path += "/" + component
            var st = stat()
            if lstat(path, &st) == 0 {
                guard st.st_mode & S_IFMT == S_IFDIR else {
                    throw ImageStoreError.invalidArchive("whiteout \(entry) is inside \(component), which is not a directory")
                }
                continue
            }
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw ImageStoreError.system(POSIXFailure(operation: "mkdir", path: path).description)
            }
        }
    }

    private func applyWhiteout(_ components: [String], entry: String, result: inout ExtractionResult) throws {
        let parent = components.dropLast()
        let base = components.last!
        try ensureDirectory(parent, entry: entry)
        let parentPath = parent.isEmpty ? root : root + "/" + parent.joined(separator: "/")
        if base == ".wh..wh..opq" {
            result.opaqueDirectories.append(parent.joined(separator: "/"))
            if result.overlayWhiteouts, setxattr(parentPath, "trusted.overlay.opaque", "y", 1, 0) != 0 {
                result.overlayWhiteouts = false
            }
            return
        }
        // Other `.wh..wh.` names are AUFS bookkeeping (hard-link directories), not deletions.
        if base.hasPrefix(".wh..wh.") { return }
        let hidden = String(base.dropFirst(4))
        guard !hidden.isEmpty, hidden != ".", hidden != ".." else {
            throw ImageStoreError.invalidArchive("invalid whiteout entry \(entry)")
        }
        result.whiteouts.append((parent + [hidden]).joined(separator: "/"))
        if result.overlayWhiteouts, mknod(parentPath + "/" + hidden, S_IFCHR, carchive_makedev(0, 0)) != 0, errno != EEXIST {
            result.overlayWhiteouts = false
        }
    }

    /// Keeps only `user.*` and `security.capability` extended attributes: a layer must not be able to set
    /// `trusted.overlay.*` (forging overlay whiteouts) or security labels.
    private static func keepSafeXattrs(_ entry: OpaquePointer) {
        guard archive_entry_xattr_reset(entry) > 0 else { return }
        var kept: [(String, [UInt8])] = []
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK {
            guard let name else { continue }
            let key = String(cString: name)
            guard key.hasPrefix("user.") || key == "security.capability" else { continue }
            kept.append((key, value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []))
        }
        archive_entry_xattr_clear(entry)
        for (key, bytes) in kept {
            bytes.withUnsafeBytes { archive_entry_xattr_add_entry(entry, key, $0.baseAddress, $0.count) }
        }
    }
}
