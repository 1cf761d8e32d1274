import ArgumentParser
import Daemon
import Foundation
import Logging
import ServerCore

/// dockerd's flag names, plus daemon-tui's own (`--headless`, `--activation`, `--no-buffer-requests`…).
struct DaemonFlags: ParsableArguments {
    @Option(name: [.customShort("H"), .long], help: "Daemon socket(s) to serve on: tcp://HOST:PORT, unix:///PATH, fd:// or fd://N (repeatable)")
    var host: [String] = []

    @Flag(name: .long, help: "Use TLS; implied by --tlsverify")
    var tls = false

    @Flag(name: .long, help: "Use TLS and require client certificates signed by --tlscacert")
    var tlsverify = false

    @Option(name: .long, help: "Trust certs signed only by this CA")
    var tlscacert: String?

    @Option(name: .long, help: "Path to the TLS certificate file")
    var tlscert: String?

    @Option(name: .long, help: "Path to the TLS key file")
    var tlskey: String?

    @Option(name: [.customShort("G"), .long], help: "Group for the unix socket")
    var group = "docker"

    @Option(name: .customLong("api-cors-header"), help: "Set CORS headers in the Engine API (allowed origin)")
    var apiCorsHeader: String?

    @Flag(name: .customLong("api-enable-cors"), help: "Enable CORS headers in the Engine API for any origin (Docker 1.2's flag)")
    var apiEnableCors = false

    @Flag(name: [.customShort("D"), .long], help: "Enable debug mode (and the /debug/vars route)")
    var debug = false

    @Option(name: .customLong("data-root"), help: "Root directory of persistent state")
    var dataRoot: String?

    @Option(name: .long, help: "Path to use for the daemon PID file")
    var pidfile: String?

    @Option(name: [.customShort("l"), .customLong("log-level")], help: "Log level: debug, info, warn, error, fatal")
    var logLevel: LogLevel = .info

    @Flag(name: .long, help: "Run without the dashboard; log to stderr")
    var headless = false

    @Flag(name: .customLong("no-color"), help: "Dashboard without colours (as NO_COLOR=1)")
    var noColor = false

    @Option(name: .long, help: "When held requests are released: auto (once initialised) or manual (key 'a', or SIGUSR1 headless)")
    var activation: ActivationMode = .auto

    @Flag(name: .customLong("no-buffer-requests"), help: "Serve requests at once instead of holding them until activation")
    var noBufferRequests = false

    @Option(name: .customLong("api-version"), help: "API version to advertise (\(DaemonVersion.minimumAPIVersion)…\(DaemonVersion.maximumAPIVersion))")
    var apiVersion = "1.41"

    @Option(name: .customLong("max-held-requests"), help: "Held requests per listener before it stops accepting")
    var maxHeldRequests = 1024

    @Option(name: .customLong("idle-timeout"), help: "Seconds a client connection may stay idle between requests")
    var idleTimeout: Double = 300

    @Option(name: .customLong("shutdown-timeout"), help: "Seconds in-flight requests get to finish on shutdown")
    var shutdownTimeout: Double = 5

    func validate() throws {
        for value in host {
            do {
                _ = try ListenAddress(parsing: value)
            } catch {
                throw ValidationError("invalid -H value \"\(value)\": \(error)")
            }
        }
        if maxHeldRequests < 1 { throw ValidationError("--max-held-requests must be at least 1") }
        if idleTimeout <= 0 { throw ValidationError("--idle-timeout must be positive") }
        if shutdownTimeout < 0 { throw ValidationError("--shutdown-timeout cannot be negative") }
    }

    func options() -> DaemonOptions {
        var options = DaemonOptions(
            hosts: host.isEmpty ? [DaemonOptions.defaultHost] : host,
            dataRoot: dataRoot ?? DaemonOptions.defaultDataRoot, certDirectory: DaemonOptions.defaultCertDirectory)
        options.tls = tls || tlsverify
        options.tlsVerify = tlsverify
        if let tlscacert { options.tlsCACert = tlscacert }
        if let tlscert { options.tlsCert = tlscert }
        if let tlskey { options.tlsKey = tlskey }
        options.socketGroup = group
        options.corsOrigin = apiCorsHeader ?? (apiEnableCors ? "*" : nil)
        options.debug = debug
        options.pidFile = pidfile
        options.activation = activation.mode
        options.bufferRequests = !noBufferRequests
        options.apiVersion = apiVersion
        options.maxHeldRequests = maxHeldRequests
        options.idleTimeout = idleTimeout
        options.shutdownGrace = shutdownTimeout
        return options
    }
}

enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case debug, info, warn, error, fatal

    var level: Logger.Level {
        switch self {
        case .debug: return .debug
        case .info: return .info
        case .warn: return .warning
        case .error: return .error
        case .fatal: return .critical
        }
    }
}

enum ActivationMode: String, ExpressibleByArgument, CaseIterable {
    case auto, manual
    var mode: DaemonOptions.Activation { self == .auto ? .auto : .manual }
}
