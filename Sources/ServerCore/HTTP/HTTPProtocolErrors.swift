import NIOCore
import NIOHTTP1

/// The answers to requests the HTTP parser rejects (malformed request line, bad headers, headers too large, bad
/// chunking): a JSON error, like every other error the daemon reports, and then the connection closes.
enum HTTPProtocolErrors {
    /// The response parts for `error`.
    static func response(for error: HTTPParserError, allocator: ByteBufferAllocator) -> [HTTPServerResponsePart] {
        let (status, message) = describe(error)
        var body = allocator.buffer(capacity: message.utf8.count + 16)
        body.writeString(#"{"message":"\#(message)"}"# + "\n")
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        return [.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)), .body(.byteBuffer(body)), .end(nil)]
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
