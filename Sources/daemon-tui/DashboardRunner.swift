import Daemon
import Dashboard
import Foundation
import Logging
import Traffic

/// Runs the daemon inside the dashboard: the listeners are bound first (a start-up error is printed on the normal
/// screen), then curses takes the screen on this thread while the daemon initialises and serves on its own.
///
/// Logs go to `<data-root>/dashboard.log`. Every way out restores the terminal first: `q`, Ctrl-C, SIGINT/SIGTERM/
/// SIGHUP (graceful shutdown, exit 0), the daemon stopping by itself or failing to initialise (its error is printed,
/// exit 1), a terminal curses cannot use (exit 1).
struct DashboardRunner {
    let options: DaemonOptions
    let logLevel: Logger.Level
    let noColor: Bool

    /// The dashboard's log file under the data root: the daemon's log lines, and anything written to stdout or
    /// stderr while curses owns the screen.
    static func logPath(dataRoot: String) -> String { dataRoot + "/dashboard.log" }

    func run() -> Int32 {
        let logPath = Self.logPath(dataRoot: options.dataRoot)
        let file: LogFile
        do {
            file = try LogFile(path: logPath)
        } catch {
            printError("\(error)")
            return 1
        }
        let level = logLevel
        LoggingSystem.bootstrap { FileLogHandler(label: $0, file: file, level: level) }
        let logger = Logger(label: "daemon-tui")
        let daemon = Daemon(options: options, logger: logger)

        let startError: String? = blockingAwait {
            do {
                _ = try await daemon.start()
                return nil
            } catch {
                return "\(error)"
            }
        }
        if let startError {
            logger.error("start-up failed: \(startError)")
            printError(startError)
            return 1
        }
        daemon.traffic.setIdentity(identity(daemon))

        let session = DaemonSession()
        let app = DashboardApp(
            store: daemon.traffic, control: DaemonDashboardControl(daemon: daemon, session: session),
            options: DashboardOptions(
                noColor: noColor, logPath: logPath,
                clientTLS: ClientTLSFiles.inDirectory(DaemonOptions.defaultCertDirectory)))
        let signals = SignalHandlers()
        signals.install(SIGUSR1) {
            logger.info("SIGUSR1: activating")
            daemon.activate()
        }
        initializeAndActivate(daemon, session: session, logger: logger)
        watchForStop(daemon, session: session, dashboard: app.handle)

        var terminalError: (any Error)?
        do {
            try app.run()
        } catch {
            terminalError = error
        }
        // The normal screen is back: from here on, errors go to stderr.
        if let terminalError {
            printError("\(terminalError)")
            session.markShutdownRequested()
            daemon.shutdown()
            _ = session.waitUntilStopped()
            return 1
        }
        let daemonDied = !session.shutdownRequested
        if let failure = session.waitUntilStopped() {
            printError(failure)
            printError("the log is in \(logPath)")
            return 1
        }
        if daemonDied {
            printError("the daemon stopped; the log is in \(logPath)")
            return 1
        }
        return 0
    }

    /// Initialises the runtime, then activates when `--activation auto`; meanwhile the dashboard shows the
    /// listeners holding. A failed initialisation stops the daemon, which ends the dashboard.
    private func initializeAndActivate(_ daemon: Daemon, session: DaemonSession, logger: Logger) {
        let activation = options.activation
        Task {
            do {
                try await daemon.initialize()
            } catch {
                session.recordFailure("initialisation failed: \(error)")
                logger.error("initialisation failed: \(error)")
                daemon.shutdown()
                return
            }
            switch activation {
            case .auto: daemon.activate()
            case .manual: logger.notice("activation is manual: requests are held until 'a' (or kill -USR1 \(getpid()))")
            }
        }
    }

    /// Waits for the daemon to stop — after a shutdown request, or by itself — and then ends the dashboard.
    private func watchForStop(_ daemon: Daemon, session: DaemonSession, dashboard: DashboardHandle) {
        Task {
            do {
                try await daemon.waitUntilStopped()
            } catch {
                session.recordFailure("the daemon stopped: \(error)")
            }
            dashboard.requestStop()
            session.markStopped()
        }
    }

    private func identity(_ daemon: Daemon) -> DaemonIdentity {
        let prefix = "export DOCKER_HOST="
        let host = daemon.dockerHost.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
        return DaemonIdentity(
            version: DaemonVersion.current, apiVersion: options.apiVersion, pid: getpid(), dataRoot: options.dataRoot,
            dockerHost: host)
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("daemon-tui: \(message)\n".utf8))
    }
}
