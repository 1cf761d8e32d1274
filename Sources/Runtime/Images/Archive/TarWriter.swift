import CArchive
import Foundation

/// Writes a tar stream with libarchive into a small in-memory buffer that the caller drains between entries
/// and data blocks, so a `docker save` of gigabytes flows to a slow client with back-pressure and never sits
/// whole in memory. Not Sendable: it belongs to the task that streams.
final class TarWriter {
    private final class Output {
        var pending = Data()
    }

    let handle: OpaquePointer
    private let output = Output()

    init() throws {
        guard let handle = archive_write_new() else { throw ImageStoreError.system("archive_write_new failed") }
        self.handle = handle
        // ustar headers unless a name or size needs pax, like Go's archive/tar; no padding past the
        // end-of-archive blocks.
        archive_write_set_format_pax_restricted(handle)
        archive_write_set_bytes_per_block(handle, 10240)
        archive_write_set_bytes_in_last_block(handle, 1)
        let context = Unmanaged.passUnretained(output).toOpaque()
        let status = archive_write_open(handle, context, nil, { _, context, buffer, length in
            let output = Unmanaged<Output>.fromOpaque(context!).takeUnretainedValue()
            output.pending.append(buffer!.assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }, nil)
        guard status == ARCHIVE_OK else {
            archive_write_free(handle)
            throw ImageStoreError.system("cannot start tar stream")
        }
    }

    deinit { archive_write_free(handle) }

    /// Adds a directory entry (`name` without a trailing slash).
    func addDirectory(_ name: String, mtime: Int64) throws {
        try header(name, type: carchive_ifdir(), mode: 0o755, size: 0, mtime: mtime, symlink: nil)
    }

    /// Adds a small file held in memory.
    func addFile(_ name: String, contents: Data, mtime: Int64) throws {
        try header(name, type: carchive_ifreg(), mode: 0o644, size: Int64(contents.count), mtime: mtime, symlink: nil)
        try writeData(contents)
    }

    /// Adds a symlink entry.
    func addSymlink(_ name: String, target: String, mtime: Int64) throws {
        try header(name, type: carchive_iflnk(), mode: 0o777, size: 0, mtime: mtime, symlink: target)
    }

    /// Starts a file entry of `size` bytes; follow with `writeData` calls totalling `size`.
    func beginFile(_ name: String, size: Int64, mtime: Int64) throws {
        try header(name, type: carchive_ifreg(), mode: 0o644, size: size, mtime: mtime, symlink: nil)
    }

    func writeData(_ data: Data) throws {
        guard !data.isEmpty else { return }
        let written = data.withUnsafeBytes { archive_write_data(handle, $0.baseAddress, $0.count) }
        guard written == data.count else { throw ImageStoreError.system("tar write failed: \(ArchiveReader.errorString(handle))") }
    }

    /// Writes the end-of-archive blocks.
    func finish() throws {
        guard archive_write_close(handle) == ARCHIVE_OK else {
            throw ImageStoreError.system("tar close failed: \(ArchiveReader.errorString(handle))")
        }
    }

    /// Takes the bytes produced so far.
    func drain() -> Data {
        defer { output.pending = Data() }
        return output.pending
    }

    private func header(_ name: String, type: UInt32, mode: UInt32, size: Int64, mtime: Int64, symlink: String?) throws {
        guard let entry = archive_entry_new() else { throw ImageStoreError.system("archive_entry_new failed") }
        defer { archive_entry_free(entry) }
        archive_entry_copy_pathname(entry, name)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, mode_t(mode))
        archive_entry_set_size(entry, size)
        archive_entry_set_mtime(entry, time_t(mtime), 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_copy_uname(entry, "root")
        archive_entry_copy_gname(entry, "root")
        if let symlink { archive_entry_copy_symlink(entry, symlink) }
        guard archive_write_header(handle, entry) == ARCHIVE_OK else {
            throw ImageStoreError.system("tar header failed for \(name): \(ArchiveReader.errorString(handle))")
        }
    }
}
