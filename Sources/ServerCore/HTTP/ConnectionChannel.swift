import DequeModule
import NIOCore
import NIOHTTP1
import Synchronization

/// The request loop's end of a connection's pipeline, right after NIO's HTTP codec: `ServerInbound` parts in,
/// `ServerOutbound` parts out.
///
/// It does for one connection what `NIOAsyncChannel` does, with less machinery: the loop reads parts with
/// `next()` and writes with `write(_:)`. The loop runs on the connection's own event loop (see
/// `EventLoopTaskExecutor`), so a part that is already buffered is returned without suspending and a write
/// goes straight into the pipeline; from any other thread both still work, through the event loop.
///
/// Back-pressure both ways: past `highWatermark` buffered parts the connection stops reading from the socket
/// until the loop has taken them down to `lowWatermark`; a write returns once the socket can take more.
///
/// Being the one handler after the codec, it also answers what the parser rejects (`HTTPProtocolErrors`),
/// closes connections idle between requests (`IdleTimer`), and, once hijacked, carries raw bytes (through
/// `RawBytesCodec`, which then stands in for the codec).
final class ConnectionChannel: ChannelDuplexHandler, @unchecked Sendable {
    // @unchecked: `context`, `idleTimer`, `rawMode` and `responseInProgress` are only touched on the event
    // loop; everything else lives in `state`.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = Never
    typealias OutboundOut = HTTPServerResponsePart

    private struct State {
        var buffered = Deque<ServerInbound>()
        var reader: UnsafeContinuation<ServerInbound?, any Error>?
        /// Set once no more parts will come: nil error for a clean end.
        var finished: (any Error)?? = nil
        /// A socket read the pipeline asked for while the buffer was full.
        var readHeld = false
        var writabilityWaiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
    }

    private let state = Mutex(State())
    private var context: ChannelHandlerContext?
    private var idleTimer: IdleTimer
    /// Hijacked: body parts are the client's raw bytes, and what is written goes out as it is.
    private var rawMode = false
    /// A response head went out and its end has not: a parser error then closes without answering.
    private var responseInProgress = false
    private let lowWatermark: Int
    private let highWatermark: Int
    /// The connection's channel.
    let channel: any Channel

    init(channel: any Channel, idleTimeout: TimeAmount, lowWatermark: Int = 2, highWatermark: Int = 16) {
        self.channel = channel
        self.idleTimer = IdleTimer(timeout: idleTimeout)
        self.lowWatermark = lowWatermark
        self.highWatermark = highWatermark
    }

    // MARK: Reading

    /// The next part, or nil once the client has gone (or, when `cancellable`, the reading task was cancelled).
    ///
    /// The request loop waits for each request head without a cancellation handler (closing the connection
    /// ends its wait); a handler reading a body or a hijacked stream can be cancelled.
    func next(cancellable: Bool = true) async throws -> ServerInbound? {
        enum Step { case part(ServerInbound?, resumeReading: Bool), failure(any Error), wait }
        let step = state.withLock { s -> Step in
            if let part = s.buffered.popFirst() {
                let resume = s.readHeld && s.buffered.count <= lowWatermark
                if resume { s.readHeld = false }
                return .part(part, resumeReading: resume)
            }
            switch s.finished {
            case .some(.none): return .part(nil, resumeReading: false)
            case .some(.some(let error)): return .failure(error)
            case .none: return .wait
            }
        }
        switch step {
        case .part(let part, let resumeReading):
            if resumeReading { onEventLoop { $0.read() } }
            return part
        case .failure(let error):
            throw error
        case .wait:
            guard cancellable else { return try await waitForPart() }
            return try await withTaskCancellationHandler {
                try await waitForPart()
            } onCancel: {
                // As with NIO's async sequences, a cancelled reader ends the stream.
                let reader = state.withLock { s in
                    s.finished = s.finished ?? .some(nil)
                    defer { s.reader = nil }
                    return s.reader
                }
                reader?.resume(returning: nil)
            }
        }
    }

    private func waitForPart() async throws -> ServerInbound? {
        // Unsafe rather than checked: this is the one suspension of every request, and `state` guarantees
        // the continuation is resumed exactly once (whoever takes it out of `reader` resumes it).
        try await withUnsafeThrowingContinuation { continuation in
            let immediate = state.withLock { s -> Result<ServerInbound?, any Error>? in
                if let part = s.buffered.popFirst() { return .success(part) }
                if Task.isCancelled { s.finished = s.finished ?? .some(nil) }
                switch s.finished {
                case .some(.none): return .success(nil)
                case .some(.some(let error)): return .failure(error)
                case .none:
                    s.reader = continuation
                    return nil
                }
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part: ServerInbound
        switch unwrapInboundIn(data) {
        case .head(let head):
            idleTimer.requestStarted()
            part = .head(head)
        case .body(let buffer):
            part = rawMode ? .raw(buffer) : .body(buffer)
        case .end:
            part = .end
        }
        let reader = state.withLock { s -> UnsafeContinuation<ServerInbound?, any Error>? in
            if let reader = s.reader {
                s.reader = nil
                return reader
            }
            if s.finished == nil { s.buffered.append(part) }
            return nil
        }
        reader?.resume(returning: part)
    }

    func read(context: ChannelHandlerContext) {
        let hold = state.withLock { s -> Bool in
            if s.buffered.count >= highWatermark {
                s.readHeld = true
                return true
            }
            return false
        }
        if !hold { context.read() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parserError = error as? HTTPParserError {
            if !responseInProgress {
                for part in HTTPProtocolErrors.response(for: parserError, allocator: context.channel.allocator) {
                    context.write(wrapOutboundOut(part), promise: nil)
                }
                context.flush()
            }
        } else {
            finish(error)
        }
        context.close(promise: nil)
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer.stop()
        finish(nil)
        let waiters = state.withLock { s in
            s.closed = true
            defer { s.writabilityWaiters = [] }
            return s.writabilityWaiters
        }
        for waiter in waiters { waiter.resume(throwing: ChannelError.ioOnClosedChannel) }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed = event as? ChannelEvent {
            // Half-closure is allowed so that hijacked streams survive the client's CloseWrite (its bytes end,
            // ours may go on); before a hijack, a client that stops sending has left, as Go's server sees it.
            if rawMode {
                finish(nil)
            } else {
                context.close(promise: nil)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Switches to carrying raw bytes (the hijack); event-loop only.
    func enterRawMode() {
        rawMode = true
        idleTimer.stop()
    }

    private func finish(_ error: (any Error)?) {
        let reader = state.withLock { s -> UnsafeContinuation<ServerInbound?, any Error>? in
            if s.finished == nil { s.finished = .some(error) }
            defer { s.reader = nil }
            return s.reader
        }
        guard let reader else { return }
        if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
    }

    // MARK: Writing

    /// Writes `part` and flushes; returns once the socket can take more.
    func write(_ part: ServerOutbound) async throws {
        try await write(contentsOf: CollectionOfOne(part))
    }

    /// Writes `parts` in order with one flush; returns once the socket can take more.
    func write(contentsOf parts: some Collection<ServerOutbound> & Sendable) async throws {
        if state.withLock({ $0.closed }) { throw ChannelError.ioOnClosedChannel }
        if channel.eventLoop.inEventLoop {
            // The request loop's usual case: no closure to allocate and queue.
            if let context { send(parts, context) }
        } else {
            onEventLoop { context in self.send(parts, context) }
        }
        if !channel.isWritable { try await waitUntilWritable() }
    }

    /// Writes and flushes parts; event-loop only.
    private func send(_ parts: some Collection<ServerOutbound>, _ context: ChannelHandlerContext) {
        for part in parts {
            switch part {
            case .head(let head):
                responseInProgress = true
                context.write(wrapOutboundOut(.head(head)), promise: nil)
            case .body(let buffer), .raw(let buffer):
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            case .end:
                responseInProgress = false
                context.write(wrapOutboundOut(.end(nil)), promise: nil)
                armIdleTimer(context)
            }
        }
        context.flush()
    }

    private func armIdleTimer(_ context: ChannelHandlerContext) {
        guard !rawMode else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTimer.becameIdle(on: context.eventLoop) { Self.idleCheck(bound) }
    }

    private static func idleCheck(_ bound: NIOLoopBound<(ConnectionChannel, ChannelHandlerContext)>) {
        let (connection, context) = bound.value
        if connection.idleTimer.fired(on: context.eventLoop, check: { idleCheck(bound) }) {
            context.close(promise: nil)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            let waiters = state.withLock { s in
                defer { s.writabilityWaiters = [] }
                return s.writabilityWaiters
            }
            for waiter in waiters { waiter.resume() }
        }
        context.fireChannelWritabilityChanged()
    }

    private func waitUntilWritable() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // Checked on the event loop, where writability changes, so no change slips between the two.
            let check: @Sendable () -> Void = {
                guard let context = self.context else {
                    // Removed from the pipeline: the channel has closed.
                    continuation.resume(throwing: ChannelError.ioOnClosedChannel)
                    return
                }
                if context.channel.isWritable {
                    continuation.resume()
                } else if self.state.withLock({ s in
                    if s.closed { return false }
                    s.writabilityWaiters.append(continuation)
                    return true
                }) == false {
                    continuation.resume(throwing: ChannelError.ioOnClosedChannel)
                }
            }
            if channel.eventLoop.inEventLoop { check() } else { channel.eventLoop.execute(check) }
        }
    }

    // MARK: Pipeline

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { armIdleTimer(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer.stop()
        self.context = nil
    }

    /// Runs `body` with the handler's context on the event loop: at once when already there (the request loop
    /// normally is), else queued behind everything queued before it, so writes keep their order.
    private func onEventLoop(_ body: @escaping (ChannelHandlerContext) -> Void) {
        let loop = channel.eventLoop
        if loop.inEventLoop {
            if let context { body(context) }
        } else {
            let unchecked = UncheckedBody(body: body)
            loop.execute { if let context = self.context { unchecked.body(context) } }
        }
    }
}

/// A closure that only runs on the event loop it is sent to.
private struct UncheckedBody: @unchecked Sendable {
    let body: (ChannelHandlerContext) -> Void
}
