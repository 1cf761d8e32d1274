/// An HTTP/1.1 request to send.
public struct WireRequest: Sendable {
    /// The HTTP method (`GET`, `POST`…).
    public var method: String
    /// The request target: path and query (`/v1.14/containers/json?all=1`).
    public var target: String
    /// Extra headers; `Host`, `Content-Length` and `Connection: close` are added when missing.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

/// What came back: status line, headers in wire order, and the body up to the client's limit.
public struct WireResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The reason phrase.
    public var reason: String
    /// Headers in wire order.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The body was cut at the limit, or the response was still streaming when the timeout fired.
    public var truncated: Bool

    /// Creates a response.
    public init(status: Int, reason: String, headers: [(String, String)], body: [UInt8], truncated: Bool) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.truncated = truncated
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body decoded as UTF-8.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no response.
public enum WireClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection could not be made (refused, no such socket, unreachable).
    case connectFailed(endpoint: String, reason: String)
    /// The TLS files could not be loaded or the configuration is invalid.
    case tlsConfiguration(String)
    /// The TLS handshake or an I/O operation failed.
    case transport(String)
    /// No response head arrived within the timeout.
    case timedOut(seconds: Double)
    /// The server closed the connection before sending a response head.
    case closedBeforeResponse
    /// The request cannot be sent as given (bad method or target).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .connectFailed(let endpoint, let reason): return "cannot connect to \(endpoint): \(reason)"
        case .tlsConfiguration(let message): return "TLS configuration: \(message)"
        case .transport(let message): return message
        case .timedOut(let seconds): return "no response within \(seconds)s"
        case .closedBeforeResponse: return "the server closed the connection without a response"
        case .invalidRequest(let message): return "invalid request: \(message)"
        }
    }
}
