import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An attach client of a supervisor: one connection to its `attach.sock`.
///
/// Output is read as the consumer asks for it (a pull stream), so a slow consumer slows the supervisor
/// through the socket's flow control (and the supervisor then the container) instead of output piling up
/// in the daemon.
final class SupervisorAttachSession: AttachSession, Sendable {
    let output: AsyncStream<OutputChunk>
    private static let stdinFrameSize = 256 * 1024
    private let connection: AttachConnection

    private init(connection: AttachConnection) {
        self.connection = connection
        // The stream holds the connection (not the session: that would be a cycle) while it exists.
        output = AsyncStream(
            unfolding: { try? await BlockingWork.run { connection.nextChunk() } ?? nil },
            onCancel: { connection.shutdown() })
    }

    private var fd: Int32 { connection.fd }
    private var writeLock: NSLock { connection.writeLock }

    /// Connects, says hello with `flags`, and returns once the supervisor has registered the client (so no
    /// output produced after this returns is missed). Blocking: call it through `BlockingWork`.
    static func open(bundle: SupervisorBundle, flags: AttachFrame.Hello) throws -> SupervisorAttachSession {
        let fd = try AttachListener.connect(bundle: bundle.path)
        guard sendAll(fd, AttachFrame.hello(flags).encoded) else {
            Glibc.close(fd)
            throw DaemonError.conflict("container is not running")
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        var early: [OutputChunk] = []
        var registered = false
        var ended = false
        while !registered {
            guard let frame = try? readFrame(fd, buffer: &buffer) else {
                Glibc.close(fd)
                throw DaemonError.conflict("container is not running (its supervisor did not answer the attach)")
            }
            switch frame {
            case .ready: registered = true
            case .output(let stream, let bytes): early.append(OutputChunk(stream: stream, bytes: bytes))
            case .end: (ended, registered) = (true, true)
            default: break
            }
        }
        timeout = timeval(tv_sec: 0, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return SupervisorAttachSession(connection: AttachConnection(fd: fd, buffer: buffer, early: early, ended: ended))
    }

    func writeStdin(_ bytes: [UInt8]) async throws {
        // Frames stay well under the protocol's payload limit, whatever the caller's chunk size.
        let frames = stride(from: 0, to: bytes.count, by: Self.stdinFrameSize).flatMap {
            AttachFrame.stdin(Array(bytes[$0..<min($0 + Self.stdinFrameSize, bytes.count)])).encoded
        }
        let sent = try await BlockingWork.run { [self] in writeLock.withLock { Self.sendAll(fd, frames) } }
        guard sent else { throw DaemonError.conflict("container is not running: its stdin is closed") }
    }

    /// Starts writing stdin on a session opened without it (the start's own session, claimed by a client that
    /// wants stdin).
    func enableStdin() async throws {
        let frame = AttachFrame.hello([.stdin]).encoded
        let sent = try await BlockingWork.run { [self] in writeLock.withLock { Self.sendAll(fd, frame) } }
        guard sent else { throw DaemonError.conflict("container is not running") }
    }

    func closeStdin() async {
        let frame = AttachFrame.closeStdin.encoded
        _ = try? await BlockingWork.run { [self] in writeLock.withLock { Self.sendAll(fd, frame) } }
    }

    func close() async {
        connection.shutdown()
    }

    /// Writes all of `bytes`; false when the connection is gone.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Reads until one frame is complete; nil at end of stream.
    static func readFrame(_ fd: Int32, buffer: inout [UInt8]) throws -> AttachFrame? {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let frame = try AttachFrame.take(from: &buffer) { return frame }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer += chunk[0..<n]
        }
    }
}

/// The socket of an attach session and what has been read from it.
///
/// `@unchecked Sendable` because: `fd` never changes and is closed only in `deinit`, when neither the session
/// nor its output stream (the only users) exist, so no call can be pending and its number cannot be reused
/// under one; `writeLock` serialises frames written by concurrent callers; `readState` is guarded by
/// `readLock`.
private final class AttachConnection: @unchecked Sendable {
    let fd: Int32
    let writeLock = NSLock()
    private let readLock = NSLock()
    /// Bytes received but not yet a whole frame, chunks received during the handshake, and whether the end
    /// was seen.
    private var readState: (buffer: [UInt8], early: [OutputChunk], ended: Bool)

    init(fd: Int32, buffer: [UInt8], early: [OutputChunk], ended: Bool) {
        self.fd = fd
        readState = (buffer, early, ended)
    }

    deinit { Glibc.close(fd) }

    /// Ends the connection both ways: a blocked read returns, the supervisor forgets the client.
    func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    /// The next output chunk, blocking until one arrives; nil at the end.
    func nextChunk() -> OutputChunk? {
        readLock.withLock {
            if !readState.early.isEmpty { return readState.early.removeFirst() }
            while !readState.ended {
                guard let frame = try? SupervisorAttachSession.readFrame(fd, buffer: &readState.buffer) else {
                    readState.ended = true
                    break
                }
                switch frame {
                case .output(let stream, let bytes): return OutputChunk(stream: stream, bytes: bytes)
                case .end: readState.ended = true
                default: continue
                }
            }
            return nil
        }
    }
}
