import Foundation
import Synchronization
import Traffic

/// Lets other threads end a running dashboard (the daemon died, the executable got a signal it handles itself).
public final class DashboardHandle: Sendable {
    private let stop = Mutex(false)

    /// Makes `run()` restore the terminal and return at its next tick (within ~50 ms).
    public func requestStop() { stop.withLock { $0 = true } }

    var stopRequested: Bool { stop.withLock { $0 } }
}

/// The interactive dashboard: reads the traffic feed, draws it with curses, turns keys into daemon actions.
///
/// `run()` owns the calling thread until the user quits: all curses calls happen there. The server runs on its own
/// threads and never waits for the screen; the loop samples `store.generation` and redraws only when it changed
/// (or when a clock-driven field — ages, live durations, sparklines — needs it), at most `maxFramesPerSecond`.
public final class DashboardApp {
    /// Ends the dashboard from another thread.
    public let handle = DashboardHandle()
    /// Frames drawn so far (for tests and measurements).
    public private(set) var framesDrawn = 0

    private let store: TrafficStore
    private let control: any DashboardControl
    private let options: DashboardOptions
    private let makeTerminal: () throws -> any Terminal

    /// Creates the dashboard for `store`, acting on the daemon through `control`.
    public init(store: TrafficStore, control: any DashboardControl, options: DashboardOptions = DashboardOptions()) {
        self.store = store
        self.control = control
        self.options = options
        self.makeTerminal = { try CursesTerminal(logPath: options.logPath, noColor: options.noColor) }
    }

    /// Creates a dashboard on a given terminal (tests use a `BufferTerminal`).
    public init(store: TrafficStore, control: any DashboardControl, options: DashboardOptions, terminal: any Terminal) {
        self.store = store
        self.control = control
        self.options = options
        self.makeTerminal = { terminal }
    }

    /// Runs until the user quits (`q`, Ctrl-C), a handled signal arrives, or `handle.requestStop()` is called.
    ///
    /// The terminal is restored before returning or throwing. On `q`, Ctrl-C and signals the daemon's graceful
    /// shutdown has been requested through the control; the caller waits for it and exits 0.
    /// - Throws: `TerminalError` when the terminal cannot be used (print it: the normal screen is back).
    public func run() throws {
        let terminal = try makeTerminal()
        let signals = options.handleSignals ? SignalWatcher() : nil
        defer {
            signals?.cancel()
            terminal.end()
        }
        var loop = DashboardLoop(
            store: store, control: control, terminal: terminal, options: options, sender: RequestSender(timeout: options.requestTimeout))
        loop.run(shouldStop: { [handle] in
            if let signal = signals?.received { return .signal(signal) }
            return handle.stopRequested ? .stopped : nil
        }, onFrame: { [weak self] in self?.framesDrawn += 1 })
    }
}
