import ArgumentParser
import Daemon
import Foundation
import Logging
import Runtime

/// `daemon-tui`: Docker 1.2's API server, reimplemented and shown live in a terminal dashboard.
@main
struct DaemonTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon-tui",
        abstract: "A Docker-compatible daemon whose API server you can watch live.",
        discussion: """
            Serves the Docker Remote API on every -H address (default: \(DaemonOptions.defaultHost)) and shows \
            listeners, routes, requests and the listen buffer in an ncurses dashboard. With --headless (or when \
            stdout is not a terminal) it runs without the screen and logs to stderr; with the dashboard the log goes \
            to <data-root>/dashboard.log.
            """,
        version: DaemonVersion.current)

    @OptionGroup var flags: DaemonFlags

    /// `daemon-tui __supervise <bundle>` is a container's supervisor (started by the daemon, never by hand);
    /// anything else is the daemon.
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == Supervisor.argument { Supervisor.main(bundle: arguments[2]) }
        main(nil)
    }

    mutating func validate() throws {
        try flags.validate()
    }

    func run() throws {
        let options = flags.options()
        let interactive = isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        if !flags.headless && !interactive {
            FileHandle.standardError.write(Data("daemon-tui: stdout is not a terminal: running headless (--headless)\n".utf8))
        }
        let status = flags.headless || !interactive
            ? HeadlessRunner(options: options, logLevel: flags.logLevel.level).run()
            : DashboardRunner(options: options, logLevel: flags.logLevel.level, noColor: flags.noColor).run()
        Foundation.exit(status)
    }
}
