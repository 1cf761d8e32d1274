import Foundation

/// Everything the command line decides, in dockerd's terms (the executable parses flags into this).
public struct DaemonOptions: Sendable {
    /// When the listen buffer lets held requests go.
    public enum Activation: String, Sendable, CaseIterable {
        /// As soon as the daemon has initialised (as Docker does).
        case auto
        /// When the dashboard's `a` key is pressed or, headless, on SIGUSR1.
        case manual
    }

    /// `-H`: the `PROTO://ADDR` values, as given.
    public var hosts: [String]
    public var tls = false
    public var tlsVerify = false
    public var tlsCACert: String
    public var tlsCert: String
    public var tlsKey: String
    /// `-G`: the group owning unix sockets.
    public var socketGroup = "docker"
    /// `--api-cors-header`, or `*` with `--api-enable-cors`; nil: CORS off.
    public var corsOrigin: String?
    public var debug = false
    public var dataRoot: String
    public var pidFile: String?
    public var activation: Activation = .auto
    public var bufferRequests = true
    public var apiVersion = "1.41"
    public var maxHeldRequests = 1024
    /// Seconds a connection may sit idle between requests.
    public var idleTimeout: Double = 300
    /// Seconds in-flight requests get after a shutdown signal.
    public var shutdownGrace: Double = 5

    public init(hosts: [String], dataRoot: String, certDirectory: String) {
        self.hosts = hosts
        self.dataRoot = dataRoot
        self.tlsCACert = certDirectory + "/ca.pem"
        self.tlsCert = certDirectory + "/cert.pem"
        self.tlsKey = certDirectory + "/key.pem"
    }

    /// True for root: the defaults below depend on it.
    public static var isRoot: Bool { geteuid() == 0 }

    /// `/var/lib/daemon-tui` for root, `~/.local/share/daemon-tui` otherwise.
    public static var defaultDataRoot: String {
        if isRoot { return "/var/lib/daemon-tui" }
        let base = ProcessInfo.processInfo.environment["XDG_DATA_HOME"] ?? (NSHomeDirectory() + "/.local/share")
        return base + "/daemon-tui"
    }

    /// `unix:///var/run/daemon-tui.sock` for root, a socket in the user's runtime directory otherwise.
    public static var defaultHost: String {
        if isRoot { return "unix:///var/run/daemon-tui.sock" }
        if let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return "unix://\(runtime)/daemon-tui.sock"
        }
        return "unix:///tmp/daemon-tui-\(getuid()).sock"
    }

    /// `$DOCKER_CERT_PATH`, else `~/.docker` (where dockerd looks for ca.pem, cert.pem, key.pem).
    public static var defaultCertDirectory: String {
        if let path = ProcessInfo.processInfo.environment["DOCKER_CERT_PATH"], !path.isEmpty { return path }
        return NSHomeDirectory() + "/.docker"
    }
}
