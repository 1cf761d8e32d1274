import NIOCore
import NIOHTTP1

/// Gathers one HTTP response off a client channel and completes a promise with it.
///
/// Ends the exchange (and closes the channel) on the response's end, when the body passes `limit` bytes, when
/// `timeout` passes without a complete response, or `streamWindow` after the head of a response that keeps going.
final class ResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<WireResponse>
    private let limit: Int
    private let timeout: TimeAmount
    private let streamWindow: TimeAmount?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var truncated = false
    private var finished = false
    private var timers: [Scheduled<Void>] = []

    init(promise: EventLoopPromise<WireResponse>, limit: Int, timeout: TimeAmount, streamWindow: TimeAmount?) {
        self.promise = promise
        self.limit = limit
        self.timeout = timeout
        self.streamWindow = streamWindow
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let seconds = Double(timeout.nanoseconds) / 1e9
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timers.append(context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.stop(context: context, ifNoHead: .timedOut(seconds: seconds))
        })
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            // Informational heads (100 Continue) precede the real one; 101 is final: the stream is raw after it.
            if (100..<200).contains(responseHead.status.code) && responseHead.status.code != 101 { return }
            head = responseHead
            if responseHead.status.code == 101 {
                finish(context: context)
                return
            }
            if let streamWindow {
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                timers.append(context.eventLoop.scheduleTask(in: streamWindow) {
                    let (handler, context) = loopBound.value
                    handler.stop(context: context, ifNoHead: .timedOut(seconds: 0))
                })
            }
        case .body(var buffer):
            let room = limit - body.count
            if buffer.readableBytes > room {
                body += buffer.readBytes(length: max(0, room)) ?? []
                truncated = true
                finish(context: context)
            } else {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            finish(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop(context: context, ifNoHead: .closedBeforeResponse)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !finished, head == nil {
            finished = true
            cancelTimers()
            promise.fail(WireClientError.transport(String(describing: error)))
        }
        context.close(promise: nil)
    }

    /// Ends the exchange early: a partial response when the head arrived, else `error`.
    private func stop(context: ChannelHandlerContext, ifNoHead error: WireClientError) {
        guard !finished else { return }
        if head != nil {
            truncated = true
            finish(context: context)
        } else {
            finished = true
            cancelTimers()
            promise.fail(error)
            context.close(promise: nil)
        }
    }

    private func finish(context: ChannelHandlerContext) {
        guard !finished, let head else { return }
        finished = true
        cancelTimers()
        promise.succeed(
            WireResponse(
                status: Int(head.status.code), reason: head.status.reasonPhrase,
                headers: head.headers.map { ($0.name, $0.value) }, body: body, truncated: truncated))
        context.close(promise: nil)
    }

    private func cancelTimers() {
        for timer in timers { timer.cancel() }
        timers = []
    }
}
