import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A tiny HTTP server for the client tests: echoes requests as JSON, with a few special paths.
///
/// `/big` answers 2 MiB, `/stream` sends a head and one chunk and never ends, `/silent` never answers,
/// `/status/NNN` answers with that status.
final class EchoServer: Sendable {
    let channel: any Channel
    let port: Int?

    static func start(unixPath: String? = nil, tls: NIOSSLContext? = nil) async throws -> EchoServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
        let channel: any Channel
        if let unixPath {
            channel = try await bootstrap.bind(unixDomainSocketPath: unixPath, cleanupExistingSocketFile: true).get()
        } else {
            channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        }
        return EchoServer(channel: channel, port: channel.localAddress?.port)
    }

    private init(channel: any Channel, port: Int?) {
        self.channel = channel
        self.port = port
    }

    func stop() async { try? await channel.close().get() }
}

private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        switch head.uri {
        case "/silent":
            return
        case "/big":
            write(context: context, status: .ok, body: Array(repeating: UInt8(ascii: "x"), count: 2 << 20), end: true)
        case "/stream":
            write(context: context, status: .ok, body: Array("first chunk\n".utf8), end: false)
        default:
            var status = HTTPResponseStatus.ok
            if head.uri.hasPrefix("/status/"), let code = Int(head.uri.dropFirst(8)) {
                status = HTTPResponseStatus(statusCode: code)
            }
            let echo: [String: String] = [
                "method": head.method.rawValue, "uri": head.uri, "host": head.headers["Host"].first ?? "",
                "body": String(decoding: body, as: UTF8.self),
                "contentType": head.headers["Content-Type"].first ?? "",
            ]
            let json = (try? JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            write(context: context, status: status, body: Array(json), end: true)
        }
    }

    private func write(context: ChannelHandlerContext, status: HTTPResponseStatus, body: [UInt8], end: Bool) {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if end { headers.add(name: "Content-Length", value: "\(body.count)") } else {
            headers.add(name: "Transfer-Encoding", value: "chunked")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        if end {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.flush()
        }
    }
}
