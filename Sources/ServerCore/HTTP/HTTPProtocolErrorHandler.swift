import NIOCore
import NIOHTTP1

/// Answers requests the HTTP parser rejects (malformed request line, bad headers, headers too large, bad
/// chunking) with a JSON error and closes the connection, like every other error the daemon reports.
final class HTTPProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseInProgress = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if !responseInProgress {
            let (status, message) = Self.describe(parserError)
            var body = context.channel.allocator.buffer(capacity: message.utf8.count + 16)
            body.writeString(#"{"message":"\#(message)"}"# + "\n")
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            headers.add(name: "Connection", value: "close")
            let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responseInProgress = true
        case .end: responseInProgress = false
        case .body: break
        }
        context.write(data, promise: promise)
    }

    /// The status and message for a parser error.
    static func describe(_ error: HTTPParserError) -> (HTTPResponseStatus, String) {
        switch error {
        case .headerOverflow:
            return (.requestHeaderFieldsTooLarge, "request headers too large")
        case .invalidMethod:
            return (.badRequest, "malformed HTTP request: invalid method")
        case .invalidURL:
            return (.badRequest, "malformed HTTP request: invalid request target")
        case .invalidVersion:
            return (.badRequest, "malformed HTTP request: invalid HTTP version")
        case .invalidChunkSize, .invalidContentLength, .unexpectedContentLength:
            return (.badRequest, "malformed HTTP request: invalid body framing")
        default:
            return (.badRequest, "malformed HTTP request")
        }
    }
}

@available(*, unavailable)
extension HTTPProtocolErrorHandler: Sendable {}
