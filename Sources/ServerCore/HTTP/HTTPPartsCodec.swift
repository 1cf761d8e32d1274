import NIOCore
import NIOHTTP1

/// Sits between NIO's HTTP codec and the async request loop: translates HTTP parts to `ServerInbound` /
/// `ServerOutbound`, and closes connections that sit idle between requests (the timer runs only while no
/// request is open, so it never cuts a held request or a live stream).
final class HTTPPartsCodec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = ServerInbound
    typealias OutboundIn = ServerOutbound
    typealias OutboundOut = HTTPServerResponsePart

    private let idleTimeout: TimeAmount
    private var idleTimer: Scheduled<Void>?
    /// When the connection last became idle (its response ended); nil while a request is open.
    private var idleSince: NIODeadline?

    init(idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armIdleTimer(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelIdleTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelIdleTimer()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Half-closure is allowed so that hijacked streams survive the client's CloseWrite; before a hijack,
        // a client that stops sending has left (as Go's server sees it), so the connection closes.
        if case .inputClosed = event as? ChannelEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            idleSince = nil
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body(let buffer):
            context.fireChannelRead(wrapInboundOut(.body(buffer)))
        case .end:
            context.fireChannelRead(wrapInboundOut(.end))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body(let buffer):
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: promise)
        case .end:
            context.write(wrapOutboundOut(.end(nil)), promise: promise)
            armIdleTimer(context: context)
        case .raw:
            promise?.fail(ChannelError.operationUnsupported)
        }
    }

    /// Starts the idle clock. The timer is not re-armed for every request (a keep-alive client would cancel
    /// and schedule one per request): a timer already pending checks, when it fires, how long the connection
    /// has really been idle, and waits for the rest.
    private func armIdleTimer(context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        idleSince = now
        if idleTimer == nil { scheduleIdleCheck(context: context, at: now + idleTimeout) }
    }

    private func scheduleIdleCheck(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (codec, context) = loopBound.value
            codec.idleTimer = nil
            guard let since = codec.idleSince else { return }  // busy: the request's end re-arms it
            let expiry = since + codec.idleTimeout
            if NIODeadline.now() >= expiry {
                context.close(promise: nil)
            } else {
                codec.scheduleIdleCheck(context: context, at: expiry)
            }
        }
    }

    private func cancelIdleTimer() {
        idleTimer?.cancel()
        idleTimer = nil
        idleSince = nil
    }
}

@available(*, unavailable)
extension HTTPPartsCodec: Sendable {}

/// Replaces `HTTPPartsCodec` once a connection is hijacked: bytes pass through as `.raw`.
final class RawBytesCodec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ServerInbound
    typealias OutboundIn = ServerOutbound
    typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?
    private var unannounced = false

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unannounced = true
        context.fireChannelRead(wrapInboundOut(.raw(unwrapInboundIn(data))))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        unannounced = false
        context.fireChannelReadComplete()
    }

    /// The HTTP decoder hands over its leftover bytes without a read-complete; announce them so the async
    /// stream delivers them now rather than with the next read.
    func announceForwardedBytes() {
        guard unannounced, let context else { return }
        unannounced = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .raw(let buffer), .body(let buffer):
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .head, .end:
            promise?.fail(ChannelError.operationUnsupported)
        }
    }
}

@available(*, unavailable)
extension RawBytesCodec: Sendable {}
