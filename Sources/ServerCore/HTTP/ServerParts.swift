import NIOCore
import NIOHTTP1

/// What a connection delivers to its request loop: HTTP parts, or raw bytes once hijacked.
public enum ServerInbound: Sendable {
    case head(HTTPRequestHead)
    case body(ByteBuffer)
    case end
    /// Bytes read after the connection was hijacked (including any the client sent right after the request
    /// head, which the HTTP decoder hands over when it is removed).
    case raw(ByteBuffer)
}

/// What the request loop writes: HTTP parts, or raw bytes once hijacked.
public enum ServerOutbound: Sendable {
    case head(HTTPResponseHead)
    case body(ByteBuffer)
    case end
    case raw(ByteBuffer)
}
