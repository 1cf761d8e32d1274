import Traffic

/// Where a client reaches a listener: what curl and the composer connect to.
public enum ListenerAddress: Sendable, Equatable {
    /// A TCP host and port; wildcard binds (`0.0.0.0`, `::`) become loopback.
    case tcp(host: String, port: Int)
    /// A unix socket path.
    case unix(path: String)

    /// The address a client uses for `listener`, from its bound address (nil when it cannot be reached).
    public init?(_ listener: ListenerRecord) {
        var proto = listener.proto
        var address = listener.boundAddress.isEmpty ? listener.address : listener.boundAddress
        // fd listeners describe the inherited socket as `fd 3 (tcp 0.0.0.0:2375)`.
        if proto == "fd" {
            guard let open = address.firstIndex(of: "("), let close = address.lastIndex(of: ")"), open < close
            else { return nil }
            let inner = address[address.index(after: open)..<close].split(separator: " ", maxSplits: 1)
            guard inner.count == 2 else { return nil }
            proto = String(inner[0])
            address = String(inner[1])
        }
        switch proto {
        case "unix":
            guard !address.isEmpty else { return nil }
            self = .unix(path: address)
        case "tcp":
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...])
            else { return nil }
            var host = String(address[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            switch host {
            case "", "0.0.0.0": host = "127.0.0.1"
            case "::": host = "::1"
            default: break
            }
            self = .tcp(host: host, port: port)
        default:
            return nil
        }
    }

    /// `host:port` with IPv6 hosts bracketed, or the socket path.
    public var display: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return path
        }
    }
}

/// The client certificate files used to reach TLS listeners (the `DOCKER_CERT_PATH` trio).
public struct ClientTLSFiles: Sendable, Equatable {
    /// The CA that signed the server's certificate.
    public var caFile: String?
    /// The client certificate, for `--tlsverify` listeners.
    public var certFile: String?
    /// The client certificate's key.
    public var keyFile: String?

    /// Creates a set of paths.
    public init(caFile: String?, certFile: String?, keyFile: String?) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }

    /// `ca.pem`, `cert.pem` and `key.pem` in `directory` (what the docker CLI reads from `DOCKER_CERT_PATH`).
    public static func inDirectory(_ directory: String) -> ClientTLSFiles {
        ClientTLSFiles(caFile: directory + "/ca.pem", certFile: directory + "/cert.pem", keyFile: directory + "/key.pem")
    }
}
