import Foundation
import NIOCore
import NIOHTTP1
import ServerCore
import TestSupport
import Traffic

/// The ServerCore tests' server: `InProcessServer` answering with `EchoResponder` unless told otherwise.
enum TestServer {
    static func start(
        _ addresses: [String], holding: Bool = false, maxHeld: Int = 1024,
        configuration: ServeAPIConfiguration = ServeAPIConfiguration(socketGroup: ""),
        responder: any HTTPResponder = EchoResponder()
    ) async throws -> InProcessServer {
        try await InProcessServer.start(addresses, holding: holding, maxHeld: maxHeld, configuration: configuration, responder: responder)
    }
}

/// Answers every request with `METHOD PATH BODYLENGTH`; `/hijack` echoes raw bytes after a 101; `/stream`
/// sends five chunks 200 ms apart; `/slow` answers after 500 ms.
struct EchoResponder: HTTPResponder {
    func respond(to request: ServerRequest, writer: ResponseWriter) async throws {
        switch request.head.uri {
        case "/hijack":
            let stream = try await writer.hijack(
                status: HTTPResponseStatus(statusCode: 101, reasonPhrase: "UPGRADED"),
                headers: ["Connection": "Upgrade", "Upgrade": "tcp"])
            for try await chunk in stream.inbound { try await stream.write(chunk) }
            await stream.closeWrite()
        case "/stream", "/long-stream":
            try await writer.writeHead(status: .ok, headers: ["Content-Type": "text/plain"])
            for i in 0..<5 {
                try await writer.write("chunk \(i)\n")
                try await Task.sleep(for: .milliseconds(request.head.uri == "/stream" ? 200 : 600))
            }
            try await writer.end()
        case "/slow":
            try await Task.sleep(for: .milliseconds(500))
            try await writer.respond(status: .ok, body: writer.allocator.buffer(string: "slow done"))
        default:
            var length = 0
            for try await chunk in request.body { length += chunk.readableBytes }
            let text = "\(request.method) \(request.uri) \(length)"
            try await writer.respond(status: .ok, headers: ["Content-Type": "text/plain"], body: writer.allocator.buffer(string: text))
        }
    }
}
