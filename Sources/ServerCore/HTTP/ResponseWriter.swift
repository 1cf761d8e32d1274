import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Traffic

/// Writes one response: a head, then body chunks (each awaited, so a slow client slows the producer), then
/// the end — or hands the raw connection over with `hijack`.
public final class ResponseWriter: Sendable {
    private struct State {
        var headWritten = false
        var ended = false
        var hijacked = false
        var status: Int?
        var closeAfter = false
        /// What `respond` sent, for the traffic feed when the request finishes.
        var sent: Sent?
    }

    /// When a response head is recorded in the traffic feed.
    private enum HeadRecording {
        /// As it goes out (a streamed response, a hijack).
        case now
        /// With the request's end, a moment later (a whole response sent by `respond`, with this body).
        case atFinish(body: ByteBuffer?)
    }

    /// A whole response sent by `respond`.
    private struct Sent {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer?
        let at: Date
    }

    private let outbound: ConnectionChannel
    private let state = Mutex(State())
    private let requestID: RequestID
    private let traffic: TrafficStore
    private let isHeadRequest: Bool
    let reader: InboundReader
    let requestVersion: HTTPVersion
    var channel: any Channel { outbound.channel }

    init(
        outbound: ConnectionChannel, reader: InboundReader, requestID: RequestID, traffic: TrafficStore,
        head: HTTPRequestHead
    ) {
        self.outbound = outbound
        self.reader = reader
        self.requestID = requestID
        self.traffic = traffic
        self.isHeadRequest = head.method == .HEAD
        self.requestVersion = head.version
        let keepAlive = head.isKeepAlive
        state.withLock { $0.closeAfter = !keepAlive }
    }

    /// For building body buffers.
    public var allocator: ByteBufferAllocator { channel.allocator }
    /// True once the head is out (a status can no longer be chosen).
    public var isHeadWritten: Bool { state.withLock { $0.headWritten } }
    /// True once the response has ended or the connection was hijacked.
    public var isFinished: Bool { state.withLock { $0.ended || $0.hijacked } }
    var isHijacked: Bool { state.withLock { $0.hijacked } }
    var shouldClose: Bool { state.withLock { $0.closeAfter } }
    /// The status sent, once the head is out.
    public var status: Int? { state.withLock { $0.status } }

    /// Returns once the connection is closed (the client left, or the response ended and the connection closed).
    /// Cancelling the waiting task returns at once.
    public func waitUntilClosed() async {
        let waiter = CloseWaiter()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiter.install(continuation)
                channel.closeFuture.whenComplete { _ in waiter.resume() }
            }
        } onCancel: {
            waiter.resume()
        }
    }

    /// Closes the connection once this response is done (instead of keeping it alive).
    public func closeConnectionAfterResponse() { state.withLock { $0.closeAfter = true } }

    /// Sends a complete response in one go; sets `Content-Length`.
    public func respond(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws {
        var headers = headers
        // `replaceOrAdd` rebuilds the headers; most callers have not set a length.
        let length = String(body?.readableBytes ?? 0)
        // Headers built once with the right length (`/_ping`'s) are sent as they are, not copied.
        switch headers.first(name: "Content-Length") {
        case length?: break
        case nil: headers.add(name: "Content-Length", value: length)
        default: headers.replaceOrAdd(name: "Content-Length", value: length)
        }
        // Recorded with the request's end (`recordFinish`), a moment from now, rather than in an update of its own.
        let sentBody = (body?.readableBytes ?? 0) > 0 && !isHeadRequest ? body : nil
        let head = try prepareHead(status: status, headers: headers, streaming: false, recording: .atFinish(body: sentBody))
        let parts: [ServerOutbound] = sentBody.map { [.head(head), .body($0), .end] } ?? [.head(head), .end]
        state.withLock { $0.ended = true }
        try await outbound.write(contentsOf: parts)
    }

    /// Sends the head of a streamed response. Without a `Content-Length` the body is sent chunked.
    public func writeHead(status: HTTPResponseStatus, headers: HTTPHeaders = [:]) async throws {
        var headers = headers
        if requestVersion.minor == 0 && !headers.contains(name: "Content-Length") {
            // HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection.
            state.withLock { $0.closeAfter = true }
        }
        // A HEAD response has no body, so it must not announce a chunked one.
        if isHeadRequest && !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: "0") }
        let head = try prepareHead(status: status, headers: headers, streaming: !headers.contains(name: "Content-Length"))
        try await outbound.write(.head(head))
    }

    /// Sends a body chunk; returns once the connection can take more.
    public func write(_ buffer: ByteBuffer) async throws {
        guard !isHeadRequest, buffer.readableBytes > 0 else { return }
        buffer.withUnsafeReadableBytes { traffic.responseBody(requestID, raw: $0) }
        try await outbound.write(.body(buffer))
    }

    /// Sends a body chunk made of `string`'s UTF-8 bytes.
    public func write(_ string: String) async throws {
        try await write(channel.allocator.buffer(string: string))
    }

    /// Ends the response.
    public func end() async throws {
        let already = state.withLock { s -> Bool in
            defer { s.ended = true }
            return s.ended
        }
        guard !already else { return }
        try await outbound.write(.end)
    }

    /// Ends the response abnormally, after its head: the connection is closed without the body's final chunk,
    /// so the client sees a truncated transfer (an error) rather than a complete-looking body.
    public func abort() {
        state.withLock { s in
            s.ended = true
            s.closeAfter = true
        }
        channel.close(promise: nil)
    }

    /// Answers `status` (normally `101 Switching Protocols` with `Upgrade: tcp`, as Docker's attach does) and
    /// hands the raw connection to the caller. Bytes the client sent right after the request head are
    /// delivered first on the returned stream; nothing is lost.
    public func hijack(status: HTTPResponseStatus, headers: HTTPHeaders) async throws -> HijackedStream {
        _ = try prepareHead(status: status, headers: headers, streaming: true)
        state.withLock { s in
            s.hijacked = true
            s.closeAfter = true
        }
        // The request's own (empty) body must be consumed before the stream turns raw.
        _ = try await reader.drainBody(limit: 1 << 20)
        var text = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let headBytes = channel.allocator.buffer(string: text)
        let channel = self.channel
        try await channel.eventLoop.flatSubmit {
            HijackPipeline.switchToRaw(channel: channel)
        }.get()
        try await outbound.write(.raw(headBytes))
        return HijackedStream(
            reader: reader, outbound: outbound, requestID: requestID, traffic: traffic)
    }

    /// Claims the head and records it in the traffic feed, now or when the request finishes.
    private func prepareHead(
        status: HTTPResponseStatus, headers: HTTPHeaders, streaming: Bool, recording: HeadRecording = .now
    ) throws -> HTTPResponseHead {
        let closeAfter = try state.withLock { s -> Bool in
            guard !s.headWritten else { throw ResponseAlreadyStarted() }
            s.headWritten = true
            s.status = Int(status.code)
            return s.closeAfter
        }
        var headers = headers
        if closeAfter { headers.replaceOrAdd(name: "Connection", value: "close") }
        switch recording {
        case .now:
            traffic.responseStarted(
                requestID, status: Int(status.code), headers: RecordedHeaders(headers: headers), streaming: streaming)
        case .atFinish(let body):
            let sent = Sent(status: Int(status.code), headers: headers, body: body, at: Date())
            state.withLock { $0.sent = sent }
        }
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }

    /// Records the end of the request in the traffic feed, with the response `respond` sent if any.
    func recordFinish(error: String? = nil) {
        guard let sent = state.withLock({ s in defer { s.sent = nil }; return s.sent }) else {
            traffic.finishRequest(requestID, error: error)
            return
        }
        let finish = { (body: UnsafeRawBufferPointer?) in
            self.traffic.finishRequest(
                self.requestID, error: error,
                response: .init(status: sent.status, headers: RecordedHeaders(headers: sent.headers), body: body, sentAt: sent.at))
        }
        if let body = sent.body { body.withUnsafeReadableBytes(finish) } else { finish(nil) }
    }
}

/// A second head was written for the same response.
public struct ResponseAlreadyStarted: Error, CustomStringConvertible {
    public var description: String { "the response has already started" }
}

/// Resumes a continuation exactly once, from whichever comes first: the close, or cancellation.
private final class CloseWaiter: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Void, Never>?, done: Bool)>((nil, false))

    func install(_ continuation: CheckedContinuation<Void, Never>) {
        let resumeNow = state.withLock { s -> Bool in
            if s.done { return true }
            s.continuation = continuation
            return false
        }
        if resumeNow { continuation.resume() }
    }

    func resume() {
        let continuation = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.done = true
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume()
    }
}
