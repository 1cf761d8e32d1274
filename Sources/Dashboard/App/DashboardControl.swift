/// How the dashboard acts on the daemon. The daemon's composition root implements it; tests use a fake.
///
/// Calls come from the UI thread and must return quickly (start the work, don't wait for it). Composed requests do
/// not go through here: they travel over a real listener like any client's.
public protocol DashboardControl: Sendable {
    /// Runs the `acceptconnections` job: releases every held request, in order.
    func activate()
    /// Re-arms holding (`true`: new requests are held until the next activation) or turns buffering off.
    func setBuffering(_ on: Bool)
    /// Starts a graceful shutdown, as on SIGTERM. The dashboard then restores the terminal and `run()` returns.
    func requestShutdown()
}

/// How the dashboard runs.
public struct DashboardOptions: Sendable {
    /// Never use colours (as `--no-color`; `NO_COLOR` in the environment has the same effect).
    public var noColor: Bool
    /// The file that receives stdout and stderr while curses owns the screen (use the dashboard's log file, the
    /// one `FileLogHandler` writes); nil: `/dev/null`.
    public var logPath: String?
    /// Client certificate files for TLS listeners (composer and curl commands).
    public var clientTLS: ClientTLSFiles?
    /// Handle SIGINT, SIGTERM and SIGHUP as a graceful quit. Turn off when the caller handles signals itself.
    public var handleSignals: Bool
    /// The most frames drawn per second.
    public var maxFramesPerSecond: Int
    /// How long the composer waits for a response (a held request waits for activation).
    public var requestTimeout: Double

    /// Creates options; the defaults suit the interactive daemon.
    public init(
        noColor: Bool = false, logPath: String? = nil, clientTLS: ClientTLSFiles? = nil, handleSignals: Bool = true,
        maxFramesPerSecond: Int = 20, requestTimeout: Double = 600
    ) {
        self.noColor = noColor
        self.logPath = logPath
        self.clientTLS = clientTLS
        self.handleSignals = handleSignals
        self.maxFramesPerSecond = max(1, maxFramesPerSecond)
        self.requestTimeout = requestTimeout
    }
}
