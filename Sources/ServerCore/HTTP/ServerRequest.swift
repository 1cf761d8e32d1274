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
    /// The responder's `routing(for:)` choice, made as the request was dispatched.
    public let routing: RequestRouting?

    public init(
        id: RequestID, head: HTTPRequestHead, listener: ListenerID, peer: String, body: RequestBody,
        routing: RequestRouting? = nil
    ) {
        self.id = id
        self.head = head
        self.listener = listener
        self.peer = peer
        self.body = body
        self.routing = routing
    }

    public var method: HTTPMethod { head.method }
    /// The request target: path plus query.
    public var uri: String { head.uri }
    public var headers: HTTPHeaders { head.headers }
}

/// Answers requests. ServerCore knows nothing of routes: the API server is a responder.
public protocol HTTPResponder: Sendable {
    /// Chooses how a request will be routed, as it is dispatched: the connection records the choice in the
    /// traffic feed together with the dispatch (one update, not two) and hands it to `respond` in
    /// `ServerRequest.routing`. Nil (the default): the responder records its routing itself, if at all.
    func routing(for head: HTTPRequestHead) -> RequestRouting?

    /// Writes the response for `request` through `writer` (or hijacks the connection). Errors thrown before the
    /// head is written become a 500; after that the connection is closed.
    func respond(to request: ServerRequest, writer: ResponseWriter) async throws
}

extension HTTPResponder {
    public func routing(for head: HTTPRequestHead) -> RequestRouting? { nil }
}
