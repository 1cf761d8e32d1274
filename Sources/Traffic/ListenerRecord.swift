import Foundation

/// Identifies one listener (one `-H` address, or one socket passed by systemd) for the life of the process.
public struct ListenerID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: ListenerID, b: ListenerID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "L\(rawValue)" }
}

/// How a listener secures its connections.
public enum TLSMode: String, Sendable {
    /// Plain HTTP.
    case none
    /// HTTPS, any client may connect (`--tls`).
    case tls
    /// HTTPS, a client certificate signed by the configured CA is required (`--tlsverify`).
    case verify
}

/// Where a listener is in its life.
public enum ListenerState: Sendable, Equatable {
    /// Bound, about to serve.
    case starting
    /// Serving requests as they arrive.
    case listening
    /// Bound and accepting, but requests are held until activation.
    case holding
    /// The held-request cap is reached: new connections wait in the kernel backlog.
    case backlogged
    /// The listener failed; the message says why.
    case error(String)
    /// Shut down.
    case closed
}

/// What the dashboard and the headless log know about one listener.
public struct ListenerRecord: Sendable, Identifiable {
    public let id: ListenerID
    /// `tcp`, `unix` or `fd`.
    public var proto: String
    /// The address as the user wrote it after `PROTO://` (for fd: the fd number or `*`).
    public var address: String
    /// The address actually bound (`127.0.0.1:2375`, `/var/run/daemon-tui.sock`, `fd 3: tcp 0.0.0.0:2375`).
    public var boundAddress: String
    /// The socket underneath: `tcp` or `unix` (for `fd` listeners, what systemd passed).
    public var transport: String
    /// Where a client connects: `host:port` for tcp, the socket path for unix.
    public var endpoint: String
    public var tls: TLSMode
    /// Unix sockets only: the file mode, e.g. `0660`.
    public var unixMode: String?
    /// Unix sockets only: the group owning the socket file.
    public var unixGroup: String?
    public var state: ListenerState
    /// Connections accepted since start.
    public var acceptedConnections: Int = 0
    /// Connections open right now.
    public var activeConnections: Int = 0
    /// Requests held by the listen buffer right now.
    public var heldRequests: Int = 0
    /// Requests received since start (held ones included).
    public var totalRequests: Int = 0
    /// TLS handshakes that failed (no client certificate, unknown CA, plain HTTP on a TLS port…).
    public var handshakeFailures: Int = 0
    /// The last connection-level error seen on this listener (a failed handshake, for instance).
    public var lastConnectionError: String?
    /// Requests completed per second over the last `RateHistory.capacity` seconds, oldest first.
    public var requestRate: RateHistory = RateHistory()

    public init(
        id: ListenerID, proto: String, address: String, boundAddress: String, tls: TLSMode,
        unixMode: String? = nil, unixGroup: String? = nil, state: ListenerState = .starting
    ) {
        self.id = id
        self.proto = proto
        self.address = address
        self.boundAddress = boundAddress
        self.transport = proto == "fd" ? "" : proto
        self.endpoint = proto == "fd" ? "" : boundAddress
        self.tls = tls
        self.unixMode = unixMode
        self.unixGroup = unixGroup
        self.state = state
    }

    /// `PROTO://ADDR` as given on the command line.
    public var url: String { "\(proto)://\(address)" }
}
