import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Appends a container's output to its json-file log, split at newlines as Docker splits it: every complete
/// line is one entry (newline included); what is left of a read without a newline is written at once as a
/// partial entry, so nothing waits in memory for a newline that may never come.
struct JSONFileLogWriter {
    private let fd: Int32
    let path: String

    /// Opens (creating, 0640) the log for appending.
    init(path: String) throws {
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw POSIXFailure(operation: "open", path: path) }
        self.path = path
    }

    /// Writes the entries for `bytes` read from `stream` just now.
    func write(stream: OutputStream, bytes: ArraySlice<UInt8>) {
        let time = Array(JSONLogLine.Timestamp.now().rfc3339Nano.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2 + 128)
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.endIndex
            JSONLogLine.encode(stream: stream, bytes: bytes[start..<end], time: time, into: &output)
            start = end
        }
        // One write per read: O_APPEND keeps concurrent readers from ever seeing half an entry of ours
        // interleaved with another's, and a crash loses at most this read's entries.
        output.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Makes everything written durable.
    func sync() { fsync(fd) }

    /// Closes the file.
    func close() { _ = Glibc.close(fd) }
}
