import NIOCore
import NIOHTTP1
import Traffic

/// Everything a responder knows about a request.
public struct ServerRequest: Sendable {
    public let id: RequestID
    public let head: HTTPRequestHead
    /// The listener that accepted the connection (its record is in the traffic feed).
    public let listener: ListenerID
    /// `ip:port` for tcp clients, `unix` for unix socket clients.
    public let peer: String
    /// The body, streamed.
    public let body: RequestBody

    public var method: HTTPMethod { head.method }
    /// The request target: path plus query.
    public var uri: String { head.uri }
    public var headers: HTTPHeaders { head.headers }
}

/// Answers requests. ServerCore knows nothing of routes: the API server is a responder.
public protocol HTTPResponder: Sendable {
    /// Writes the response for `request` through `writer` (or hijacks the connection). Errors thrown before the
    /// head is written become a 500; after that the connection is closed.
    func respond(to request: ServerRequest, writer: ResponseWriter) async throws
}
