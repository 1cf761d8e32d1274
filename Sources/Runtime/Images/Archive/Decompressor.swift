import Foundation

/// Turns a possibly compressed stream (plain, gzip, bzip2, xz, zstd — told apart by their magic bytes) into
/// the plain bytes, written to a file and hashed on the way: for a layer that hash is its diff ID.
enum Decompressor {
    /// What `decompress` produced.
    struct Output: Sendable {
        /// sha256 of the decompressed bytes.
        var digest: Digest
        /// Their length.
        var size: Int64
        /// The compression detected on input.
        var compression: String
    }

    /// Decompresses `source` into a new file `destination`; refuses output beyond `limit` bytes.
    static func decompress(_ source: URL, to destination: URL, limit: Int64 = .max,
                           progress: ((Int64) -> Void)? = nil) throws -> Output {
        let reader = try ArchiveReader(path: source.path, mode: .raw)
        let out = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard out >= 0 else { throw ImageStoreError.system(POSIXFailure(operation: "open", path: destination.path).description) }
        defer { close(out) }
        var digester = StreamingDigester()
        if try reader.nextEntry() != nil {
            var lastReport: Int64 = 0
            try reader.readData { block, offset in
                // Raw-format data arrives in order; a gap would mean a sparse entry, which raw never makes.
                guard offset == digester.count else { throw ImageStoreError.invalidArchive("unexpected gap in stream") }
                digester.update(block)
                guard digester.count <= limit else { throw ImageStoreError.invalidArchive("stream exceeds \(limit) bytes") }
                try writeAll(out, block, path: destination.path)
                if let progress, digester.count - lastReport >= 1 << 20 {
                    lastReport = digester.count
                    progress(digester.count)
                }
            }
        }
        guard fsync(out) == 0 else { throw ImageStoreError.system(POSIXFailure(operation: "fsync", path: destination.path).description) }
        return Output(digest: digester.finalize(), size: digester.count, compression: reader.compressionName)
    }

    static func writeAll(_ fd: Int32, _ block: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < block.count {
            let n = write(fd, block.baseAddress! + offset, block.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ImageStoreError.system(POSIXFailure(operation: "write", path: path).description)
            }
            offset += n
        }
    }
}
