import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One attach client of a supervisor, as its poll loop sees it: what it sent that is not a whole frame yet,
/// what is queued for it, and what it asked for.
final class AttachClient {
    let fd: Int32
    var inbox: [UInt8] = []
    /// Bytes to send; those before `sent` are gone already (compacted now and then, not per send).
    var outbox: [UInt8] = []
    var sent = 0
    var hello: AttachFrame.Hello?
    var stdinEnded = false

    init(fd: Int32) { self.fd = fd }

    var receivesOutput: Bool { hello.map { !$0.contains(.controlOnly) } ?? false }
    var unsent: Int { outbox.count - sent }

    /// Sends what it can; false when the client is gone.
    func send() -> Bool {
        while sent < outbox.count {
            let n = outbox.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN { break }
            guard n > 0 else { return false }
            sent += n
        }
        if sent == outbox.count {
            outbox.removeAll(keepingCapacity: true)
            sent = 0
        } else if sent > 1 << 20 {
            outbox.removeFirst(sent)
            sent = 0
        }
        return true
    }
}
