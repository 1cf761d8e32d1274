import Foundation
import NIOCore

/// What `serveapi` needs to know, read from the job's env by the daemon (Logging, Version, SocketGroup, Tls,
/// TlsVerify, TlsCa, TlsCert, TlsKey, BufferRequests) plus the limits that keep the server safe.
public struct ServeAPIConfiguration: Sendable {
    /// Log one line per request.
    public var logging: Bool
    /// The group that owns unix sockets (`docker` by default; missing `docker` is only a warning).
    public var socketGroup: String
    /// HTTPS settings, nil for plain HTTP.
    public var tls: TLSOptions?
    /// Where `unix://` with no path binds.
    public var defaultUnixPath: String
    public var limits: ServerLimits

    public init(
        logging: Bool = true, socketGroup: String = "docker", tls: TLSOptions? = nil,
        defaultUnixPath: String = ListenAddress.defaultRootSocket, limits: ServerLimits = ServerLimits()
    ) {
        self.logging = logging
        self.socketGroup = socketGroup
        self.tls = tls
        self.defaultUnixPath = defaultUnixPath
        self.limits = limits
    }
}

/// Sizes and timeouts that bound what one client can cost the daemon.
public struct ServerLimits: Sendable {
    /// Total size of a request's header lines (larger → 431).
    public var maxHeaderBytes = 64 * 1024
    /// A connection idle between requests for this long is closed (a live stream never is).
    public var idleTimeout: TimeAmount = .seconds(300)
    /// A TLS client that has not finished its handshake after this long is dropped.
    public var tlsHandshakeTimeout: TimeAmount = .seconds(10)
    /// How long in-flight requests may run after a shutdown signal before their connections are closed.
    public var shutdownGracePeriod: TimeAmount = .seconds(5)
    /// Connections each listener asks the kernel to queue.
    public var backlog: Int32 = 1024

    public init() {}
}
