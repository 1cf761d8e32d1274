import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A unix-socket HTTP server standing in for a daemon listener: answers every request with a JSON echo of its
/// method, target and body, so composer tests can see what went over the wire.
final class UnixEchoServer: Sendable {
    let channel: any Channel

    init(path: String) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Echo())
                }
            }
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
    }

    func stop() async { try? await channel.close().get() }

    private final class Echo: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h; body = []
            case .body(var b): body += b.readBytes(length: b.readableBytes) ?? []
            case .end:
                guard let head else { return }
                let echo = ["method": head.method.rawValue, "uri": head.uri, "body": String(decoding: body, as: UTF8.self)]
                let json = Array((try? JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
                let headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", "\(json.count)")])
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: json)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
