import NIOCore
import NIOSSL
import NIOTLS
import Traffic

/// Drops TLS clients that do not finish their handshake in time, and reports failed handshakes (no client
/// certificate, an unknown CA, plain HTTP sent to a TLS port) to the traffic feed so they are visible.
final class TLSHandshakeGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount
    private let listener: ListenerID
    private let traffic: TrafficStore
    private var timer: Scheduled<Void>?
    private var completed = false

    init(timeout: TimeAmount, listener: ListenerID, traffic: TrafficStore) {
        self.timeout = timeout
        self.listener = listener
        self.traffic = traffic
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let traffic = self.traffic
        let listener = self.listener
        timer = context.eventLoop.scheduleTask(in: timeout) {
            traffic.updateListener(listener) {
                $0.handshakeFailures += 1
                $0.lastConnectionError = "TLS handshake timed out"
            }
            loopBound.value.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            completed = true
            timer?.cancel()
            timer = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !completed {
            timer?.cancel()
            traffic.updateListener(listener) {
                $0.handshakeFailures += 1
                $0.lastConnectionError = "TLS handshake failed: \(error)"
            }
        }
        context.fireErrorCaught(error)
    }
}

@available(*, unavailable)
extension TLSHandshakeGuard: Sendable {}
