import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An attach client of a supervisor: one connection to its `attach.sock`, read by a thread of its own.
///
/// `@unchecked Sendable` because: `fd` and `output` never change; `writeLock` serialises frames written
/// from concurrent callers so they never interleave; the fd is closed only in `deinit`, when no caller and
/// no reader thread (which holds a reference while it runs) can use it any more — so its number can never
/// be reused under a pending call.
final class SupervisorAttachSession: AttachSession, @unchecked Sendable {
    let output: AsyncStream<OutputChunk>
    private static let stdinFrameSize = 256 * 1024
    private let fd: Int32
    private let writeLock = NSLock()

    private init(fd: Int32, output: AsyncStream<OutputChunk>) {
        self.fd = fd
        self.output = output
    }

    deinit { Glibc.close(fd) }

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
            case .end: ended = true; registered = true
            default: break
            }
        }
        timeout = timeval(tv_sec: 0, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let (stream, continuation) = AsyncStream.makeStream(of: OutputChunk.self)
        let session = SupervisorAttachSession(fd: fd, output: stream)
        for chunk in early { continuation.yield(chunk) }
        if ended {
            continuation.finish()
            return session
        }
        continuation.onTermination = { _ in shutdown(fd, Int32(SHUT_RDWR)) }
        let leftover = buffer
        let reader = Thread {
            // Holds `session` (and so the fd) until the stream ends.
            session.relay(into: continuation, buffer: leftover)
        }
        reader.name = "attach-reader"
        reader.start()
        return session
    }

    private func relay(into continuation: AsyncStream<OutputChunk>.Continuation, buffer initial: [UInt8]) {
        var buffer = initial
        while let frame = try? Self.readFrame(fd, buffer: &buffer) {
            switch frame {
            case .output(let stream, let bytes): continuation.yield(OutputChunk(stream: stream, bytes: bytes))
            case .end: continuation.finish(); return
            default: continue
            }
        }
        continuation.finish()
    }

    func writeStdin(_ bytes: [UInt8]) async throws {
        // Frames stay well under the protocol's payload limit, whatever the caller's chunk size.
        let frames = stride(from: 0, to: bytes.count, by: Self.stdinFrameSize).flatMap {
            AttachFrame.stdin(Array(bytes[$0..<min($0 + Self.stdinFrameSize, bytes.count)])).encoded
        }
        let sent = try await BlockingWork.run { [self] in writeLock.withLock { Self.sendAll(fd, frames) } }
        guard sent else { throw DaemonError.conflict("container is not running: its stdin is closed") }
    }

    func closeStdin() async {
        let frame = AttachFrame.closeStdin.encoded
        _ = try? await BlockingWork.run { [self] in writeLock.withLock { Self.sendAll(fd, frame) } }
    }

    func close() async {
        shutdown(fd, Int32(SHUT_RDWR))
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
    private static func readFrame(_ fd: Int32, buffer: inout [UInt8]) throws -> AttachFrame? {
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
