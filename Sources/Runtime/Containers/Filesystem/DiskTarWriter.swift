import CArchive
import Foundation

/// What goes into a tar built from disk: an entry copied from a path (metadata as on disk), or an empty
/// regular file (a whiteout `.wh.<name>` or the opaque marker `.wh..wh..opq`).
enum TarItem {
    case disk(path: String, name: String)
    case emptyFile(name: String)
}

/// Writes `TarItem`s with their real metadata (mode, owner, times, symlink targets, device numbers, hard
/// links within the archive) through a `TarWriter`, a chunk at a time: `nextChunk()` returns about
/// `chunkSize` bytes, so a whole root filesystem streams with back-pressure and never sits in memory.
/// Not Sendable: it belongs to the task that streams.
final class DiskTarWriter {
    private let writer: TarWriter
    private var source: () throws -> TarItem?
    private var openFile: (fd: Int32, remaining: Int64)?
    private var linkNames: [DeviceInode: String] = [:]
    private var finished = false
    /// How many entries were written.
    private(set) var entryCount = 0
    private let chunkSize: Int

    private struct DeviceInode: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A writer pulling its items from `source` (nil at the end).
    init(chunkSize: Int = 64 * 1024, source: @escaping () throws -> TarItem?) throws {
        writer = try TarWriter()
        self.chunkSize = chunkSize
        self.source = source
    }

    deinit {
        if let openFile { close(openFile.fd) }
    }

    /// The next bytes of the tar, or nil once it has all been returned.
    func nextChunk() throws -> Data? {
        var output = writer.drain()
        while output.count < chunkSize && !finished {
            if openFile != nil {
                try copyFileData()
            } else if let item = try source() {
                try write(item)
            } else {
                try writer.finish()
                finished = true
            }
            output.append(writer.drain())
        }
        return output.isEmpty && finished ? nil : output
    }

    private func write(_ item: TarItem) throws {
        guard let entry = archive_entry_new() else { throw ImageStoreError.system("archive_entry_new failed") }
        defer { archive_entry_free(entry) }
        switch item {
        case .emptyFile(let name):
            archive_entry_copy_pathname(entry, name)
            archive_entry_set_filetype(entry, carchive_ifreg())
            archive_entry_set_perm(entry, 0)
            archive_entry_set_size(entry, 0)
            archive_entry_set_mtime(entry, time(nil), 0)
            try writeHeader(entry, name: name)
        case .disk(let path, let name):
            var info = stat()
            // Gone since it was listed (a running container): leave it out.
            guard lstat(path, &info) == 0 else { return }
            let type = info.st_mode & S_IFMT
            guard type != S_IFSOCK else { return }
            archive_entry_copy_pathname(entry, type == S_IFDIR && !name.hasSuffix("/") ? name + "/" : name)
            archive_entry_set_perm(entry, mode_t(info.st_mode & 0o7777))
            archive_entry_set_uid(entry, Int64(info.st_uid))
            archive_entry_set_gid(entry, Int64(info.st_gid))
            archive_entry_set_mtime(entry, info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
            archive_entry_set_size(entry, 0)
            switch type {
            case S_IFDIR: archive_entry_set_filetype(entry, carchive_ifdir())
            case S_IFLNK:
                archive_entry_set_filetype(entry, carchive_iflnk())
                archive_entry_copy_symlink(entry, try Self.linkTarget(path))
            case S_IFCHR, S_IFBLK:
                archive_entry_set_filetype(entry, type == S_IFCHR ? carchive_ifchr() : carchive_ifblk())
                archive_entry_set_rdevmajor(entry, dev_t(DeviceNumber.major(UInt64(info.st_rdev))))
                archive_entry_set_rdevminor(entry, dev_t(DeviceNumber.minor(UInt64(info.st_rdev))))
            case S_IFIFO: archive_entry_set_filetype(entry, carchive_ififo())
            default:
                archive_entry_set_filetype(entry, carchive_ifreg())
                let key = DeviceInode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                if info.st_nlink > 1, let first = linkNames[key] {
                    archive_entry_copy_hardlink(entry, first)
                    try writeHeader(entry, name: name)
                    return
                }
                if info.st_nlink > 1 { linkNames[key] = name }
                let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { throw ImageStoreError.system(POSIXFailure(operation: "open", path: path).description) }
                archive_entry_set_size(entry, Int64(info.st_size))
                do {
                    try writeHeader(entry, name: name)
                } catch {
                    close(fd)
                    throw error
                }
                openFile = (fd, Int64(info.st_size))
                return
            }
            try writeHeader(entry, name: name)
        }
    }

    private func writeHeader(_ entry: OpaquePointer, name: String) throws {
        guard archive_write_header(writer.handle, entry) == ARCHIVE_OK else {
            throw ImageStoreError.system("tar header failed for \(name): \(ArchiveReader.errorString(writer.handle))")
        }
        entryCount += 1
    }

    /// Copies the next block of the open file; a file that shrank meanwhile is padded with zeros, one that
    /// grew is cut at the size its header announced.
    private func copyFileData() throws {
        guard let (fd, remaining) = openFile else { return }
        var buffer = [UInt8](repeating: 0, count: Int(min(Int64(chunkSize), remaining)))
        var n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { return }
        guard n >= 0 else { throw ImageStoreError.system(POSIXFailure(operation: "read", path: "a file being archived").description) }
        if n == 0 { n = buffer.count }
        try writer.writeData(Data(buffer[0..<n]))
        let left = remaining - Int64(n)
        if left <= 0 {
            close(fd)
            openFile = nil
        } else {
            openFile = (fd, left)
        }
    }

    private static func linkTarget(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, Int(PATH_MAX))
        guard n >= 0 else { throw ImageStoreError.system(POSIXFailure(operation: "readlink", path: path).description) }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Linux's `dev_t` encoding (glibc's `major`/`minor` are macros Swift cannot call).
enum DeviceNumber {
    static func major(_ device: UInt64) -> UInt64 { ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF)) }
    static func minor(_ device: UInt64) -> UInt64 { (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF)) }
}
