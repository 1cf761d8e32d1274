import NIOCore
import NIOHTTP1

/// Sits where the HTTP codec was once a connection is hijacked: the client's bytes go on to the connection as
/// body parts (which it hands out as raw chunks), and body parts written come out as plain bytes.
final class RawBytesCodec: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(wrapInboundOut(.body(unwrapInboundIn(data))))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .body(.byteBuffer(let buffer)):
            context.write(wrapOutboundOut(buffer), promise: promise)
        case .head, .body, .end:
            promise?.fail(ChannelError.operationUnsupported)
        }
    }
}

@available(*, unavailable)
extension RawBytesCodec: Sendable {}
