import Foundation
import Synchronization

/// An attach client that arrived before the container's process started (`docker run` and `docker start -a`
/// attach first, then start). Stdin written meanwhile is kept; once the process runs the store connects
/// the session to it, and output flows from then on (or, when the process was too quick to be attached to,
/// comes from its log). If the start fails, the output just ends.
final class PendingAttach: AttachSession {
    private enum Link {
        case waiting(stdin: [[UInt8]], stdinClosed: Bool)
        case connected(any AttachSession)
        case closed
    }

    /// Whether the client asked for stdin (and the container keeps it open).
    let wantsStdin: Bool
    let output: AsyncStream<OutputChunk>
    private let continuation: AsyncStream<OutputChunk>.Continuation
    private let link = Mutex<Link>(.waiting(stdin: [], stdinClosed: false))

    init(wantsStdin: Bool) {
        self.wantsStdin = wantsStdin
        (output, continuation) = AsyncStream.makeStream(of: OutputChunk.self)
    }

    /// Whether the client has gone (nothing to connect).
    var isClosed: Bool { link.withLock { if case .closed = $0 { true } else { false } } }

    /// Connects to the started process's session: pending stdin is delivered, output relayed until it ends.
    func connect(_ session: any AttachSession) async {
        let pending = link.withLock { link -> (stdin: [[UInt8]], closed: Bool)? in
            guard case .waiting(let stdin, let closed) = link else { return nil }
            link = .connected(session)
            return (stdin, closed)
        }
        guard let pending else {
            await session.close()
            return
        }
        for chunk in pending.stdin { try? await session.writeStdin(chunk) }
        if pending.closed { await session.closeStdin() }
        let continuation = self.continuation
        Task {
            for await chunk in session.output { continuation.yield(chunk) }
            continuation.finish()
        }
    }

    /// The process ended before the client could be connected to it (a quick `echo`): the client gets this
    /// run's output from the log instead, then the end.
    func replay(_ entries: AsyncThrowingStream<LogEntry, Error>) {
        link.withLock { $0 = .closed }
        let continuation = self.continuation
        Task {
            do {
                for try await entry in entries {
                    continuation.yield(OutputChunk(stream: entry.stream, bytes: entry.bytes))
                }
            } catch {
                // What could be read was delivered; the client sees the end of the output.
            }
            continuation.finish()
        }
    }

    /// The process never started: the client's output ends.
    func abandon() {
        link.withLock { $0 = .closed }
        continuation.finish()
    }

    func writeStdin(_ bytes: [UInt8]) async throws {
        let session = link.withLock { link -> (any AttachSession)? in
            switch link {
            case .waiting(var stdin, let closed):
                stdin.append(bytes)
                link = .waiting(stdin: stdin, stdinClosed: closed)
                return nil
            case .connected(let session): return session
            case .closed: return nil
            }
        }
        try await session?.writeStdin(bytes)
    }

    func closeStdin() async {
        let session = link.withLock { link -> (any AttachSession)? in
            switch link {
            case .waiting(let stdin, _):
                link = .waiting(stdin: stdin, stdinClosed: true)
                return nil
            case .connected(let session): return session
            case .closed: return nil
            }
        }
        await session?.closeStdin()
    }

    func close() async {
        let session = link.withLock { link -> (any AttachSession)? in
            defer { link = .closed }
            if case .connected(let session) = link { return session }
            return nil
        }
        continuation.finish()
        await session?.close()
    }
}
