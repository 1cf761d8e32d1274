import NIOCore
import NIOHTTP1

/// The connection's inbound stream, shared by the request loop and the handler it is running.
///
/// The request loop reads a request head, then hands this reader to the handler (through `RequestBody` or
/// `HijackedStream`) and waits for the handler to return before reading again, so there is exactly one reader
/// at any time.
final class InboundReader: @unchecked Sendable {
    // @unchecked: the request loop awaits each handler before it reads again, so the reader's state is only
    // ever used by one task at a time.
    private let connection: ConnectionChannel
    private(set) var bodyFinished = true
    /// Runs once before the first body read of each request (sends `100 Continue` when the client asked).
    var beforeFirstBodyRead: (@Sendable () async throws -> Void)?

    init(_ connection: ConnectionChannel) {
        self.connection = connection
    }

    /// The next request head, or nil when the client closed the connection.
    func nextHead() async throws -> HTTPRequestHead? {
        while let part = try await connection.next(cancellable: false) {
            switch part {
            case .head(let head):
                bodyFinished = false
                return head
            case .body, .end, .raw:
                continue
            }
        }
        return nil
    }

    /// The next chunk of the current request's body, or nil at its end.
    func nextBodyChunk() async throws -> ByteBuffer? {
        guard !bodyFinished else { return nil }
        if let hook = beforeFirstBodyRead {
            beforeFirstBodyRead = nil
            try await hook()
        }
        while let part = try await connection.next() {
            switch part {
            case .body(let buffer):
                return buffer
            case .end:
                bodyFinished = true
                return nil
            case .head, .raw:
                continue
            }
        }
        throw ConnectionClosedError()
    }

    /// Reads and discards what is left of the body, up to `limit` bytes; false if more remained.
    func drainBody(limit: Int) async throws -> Bool {
        beforeFirstBodyRead = nil
        var seen = 0
        while let chunk = try await nextBodyChunk() {
            seen += chunk.readableBytes
            if seen > limit { return false }
        }
        return true
    }

    /// The next raw chunk after a hijack, or nil when the client closed (or half-closed) its side.
    func nextRaw() async throws -> ByteBuffer? {
        while let part = try await connection.next() {
            switch part {
            case .raw(let buffer): return buffer
            case .head, .body, .end: continue
            }
        }
        return nil
    }
}

/// The client went away in the middle of a request.
public struct ConnectionClosedError: Error, CustomStringConvertible {
    public var description: String { "the client closed the connection" }
}
