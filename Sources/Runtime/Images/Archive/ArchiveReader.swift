import CArchive
import Foundation

/// Reads an archive with libarchive, entry by entry. Not Sendable: one reader belongs to one task.
final class ArchiveReader {
    /// The compressions accepted on input, detected by their magic bytes (as Docker's `DecompressStream`).
    enum Mode {
        /// A tar, itself plain or compressed.
        case tar
        /// Any byte stream, decompressed when compressed: one entry holding the bytes.
        case raw
    }

    let handle: OpaquePointer
    private let fd: Int32

    init(path: String, mode: Mode) throws {
        guard let handle = archive_read_new() else { throw ImageStoreError.system("archive_read_new failed") }
        self.handle = handle
        archive_read_support_filter_gzip(handle)
        archive_read_support_filter_bzip2(handle)
        archive_read_support_filter_xz(handle)
        archive_read_support_filter_zstd(handle)
        switch mode {
        case .tar: archive_read_support_format_tar(handle)
        case .raw: archive_read_support_format_raw(handle)
        }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            archive_read_free(handle)
            throw ImageStoreError.system(POSIXFailure(operation: "open", path: path).description)
        }
        // From here on `deinit` frees the handle and closes the descriptor.
        guard archive_read_open_fd(handle, fd, 64 * 1024) == ARCHIVE_OK else {
            throw ImageStoreError.invalidArchive("unreadable archive: \(Self.errorString(handle))")
        }
    }

    deinit {
        archive_read_free(handle)
        close(fd)
    }

    /// The next entry header, or nil at the end. Throws on a malformed archive.
    func nextEntry() throws -> OpaquePointer? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        switch status {
        case ARCHIVE_OK, ARCHIVE_WARN: return entry
        case ARCHIVE_EOF: return nil
        default: throw ImageStoreError.invalidArchive("malformed archive: \(Self.errorString(handle))")
        }
    }

    /// Calls `body` with each block of the current entry's data, in order.
    func readData(_ body: (UnsafeRawBufferPointer, Int64) throws -> Void) throws {
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(handle, &buffer, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
                throw ImageStoreError.invalidArchive("malformed archive data: \(Self.errorString(handle))")
            }
            if size > 0, let buffer { try body(UnsafeRawBufferPointer(start: buffer, count: size), Int64(offset)) }
        }
    }

    /// The name of the compression the reader detected (`gzip`, `xz`, … or `none`).
    var compressionName: String {
        guard let name = archive_filter_name(handle, 0) else { return "none" }
        let text = String(cString: name)
        return text.isEmpty ? "none" : text
    }

    static func errorString(_ handle: OpaquePointer) -> String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
