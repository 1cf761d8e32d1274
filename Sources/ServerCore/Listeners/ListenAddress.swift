import Foundation

/// One `PROTO://ADDR` the daemon serves on: `tcp://HOST:PORT`, `unix:///path` or `fd://[N]`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// What kind of socket, and where.
    public enum Kind: Sendable, Equatable {
        /// A TCP socket; `host` is an IPv4 or IPv6 literal or a name (`0.0.0.0` for `tcp://:PORT`).
        case tcp(host: String, port: Int)
        /// A unix socket file.
        case unix(path: String)
        /// Sockets passed by systemd socket activation: all of them (`nil`), or fd number N.
        case fd(Int?)
    }

    /// Why an address was refused.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let address: String
        public let reason: String
        public var description: String { "invalid address \(address): \(reason)" }
    }

    /// The default unix socket for root.
    public static let defaultRootSocket = "/var/run/daemon-tui.sock"

    public let kind: Kind
    /// The protocol part (`tcp`, `unix`, `fd`).
    public let proto: String
    /// The address part as written (after `://`).
    public let addr: String

    /// Parses a `-H` value. `tcp://:PORT` binds all interfaces; `unix://` alone means `defaultUnixPath`.
    public init(parsing value: String, defaultUnixPath: String = ListenAddress.defaultRootSocket) throws {
        guard let separator = value.range(of: "://") else {
            throw ParseError(address: value, reason: "expected PROTO://ADDR (tcp://HOST:PORT, unix:///PATH or fd://)")
        }
        let proto = String(value[..<separator.lowerBound]).lowercased()
        let addr = String(value[separator.upperBound...])
        switch proto {
        case "tcp":
            kind = try Self.parseTCP(addr, whole: value)
        case "unix":
            let path = addr.isEmpty ? defaultUnixPath : addr
            guard path.hasPrefix("/") else { throw ParseError(address: value, reason: "unix socket path must be absolute") }
            guard path.utf8.count < 108 else { throw ParseError(address: value, reason: "unix socket path is longer than 107 bytes") }
            kind = .unix(path: path)
        case "fd":
            if addr.isEmpty || addr == "*" {
                kind = .fd(nil)
            } else if let n = Int(addr), n >= 3 {
                kind = .fd(n)
            } else {
                throw ParseError(address: value, reason: "systemd fd address should be a number of 3 or more, or empty")
            }
        default:
            throw ParseError(address: value, reason: "unsupported protocol \"\(proto)\" (use tcp, unix or fd)")
        }
        self.proto = proto
        self.addr = addr
    }

    public var description: String { "\(proto)://\(addr)" }

    /// True for tcp addresses that only the local machine can reach.
    public var isLoopback: Bool {
        guard case .tcp(let host, _) = kind else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1"
    }

    private static func parseTCP(_ addr: String, whole: String) throws -> Kind {
        let host: String
        let portText: String
        if addr.hasPrefix("[") {
            guard let close = addr.firstIndex(of: "]") else {
                throw ParseError(address: whole, reason: "unterminated IPv6 literal")
            }
            host = String(addr[addr.index(after: addr.startIndex)..<close])
            let rest = addr[addr.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ParseError(address: whole, reason: "missing port") }
            portText = String(rest.dropFirst())
        } else {
            guard let colon = addr.lastIndex(of: ":") else {
                throw ParseError(address: whole, reason: "missing port (tcp://HOST:PORT)")
            }
            host = String(addr[..<colon])
            portText = String(addr[addr.index(after: colon)...])
            if host.contains(":") { throw ParseError(address: whole, reason: "IPv6 literals need brackets: tcp://[::1]:2375") }
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ParseError(address: whole, reason: "invalid port \"\(portText)\"")
        }
        if host.contains("/") || host.contains(" ") { throw ParseError(address: whole, reason: "invalid host \"\(host)\"") }
        return .tcp(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }
}
