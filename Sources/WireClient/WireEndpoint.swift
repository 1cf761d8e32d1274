/// Where a `WireClient` connects: a TCP host and port, or a unix socket path.
public enum WireEndpoint: Sendable, Hashable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// The value of the `Host` header for this endpoint (`localhost` for unix sockets, as curl sends).
    public var hostHeader: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix: return "localhost"
        }
    }

    public var description: String {
        switch self {
        case .tcp: return "tcp://\(hostHeader)"
        case .unix(let path): return "unix://\(path)"
        }
    }
}

/// TLS settings for a connection: which CA to trust and which client certificate to present.
public struct WireTLS: Sendable, Hashable {
    /// PEM file of the CA that signed the server certificate; nil skips server verification (like `curl -k`).
    public var caFile: String?
    /// PEM client certificate (for servers that require one, `--tlsverify`).
    public var certFile: String?
    /// PEM private key of the client certificate.
    public var keyFile: String?
    /// The name to verify in the server certificate and send as SNI (nil: the host when it is not an IP address).
    public var serverName: String?

    /// Creates TLS settings.
    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, serverName: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
    }
}
