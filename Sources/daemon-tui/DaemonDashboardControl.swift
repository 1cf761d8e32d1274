import Daemon
import Dashboard
import Dispatch
import Synchronization

/// What happened to the daemon while the dashboard ran: whether the user asked it to stop, and how it stopped.
final class DaemonSession: Sendable {
    private struct State {
        var shutdownRequested = false
        var failure: String?
    }

    private let state = Mutex(State())
    private let stoppedSignal = DispatchSemaphore(value: 0)

    /// True once `q`, Ctrl-C or a signal asked for the graceful shutdown (rather than the daemon ending by itself).
    var shutdownRequested: Bool { state.withLock { $0.shutdownRequested } }

    /// Notes that the stop was asked for (so the daemon ending is not a failure).
    func markShutdownRequested() { state.withLock { $0.shutdownRequested = true } }

    /// Keeps the first failure (an initialisation error, then the daemon's own): it is the cause.
    func recordFailure(_ message: String) {
        state.withLock { if $0.failure == nil { $0.failure = message } }
    }

    /// The daemon has stopped; wakes `waitUntilStopped()`.
    func markStopped() {
        stoppedSignal.signal()
    }

    /// Blocks the calling thread until the daemon has stopped; returns the failure, if any.
    func waitUntilStopped() -> String? {
        stoppedSignal.wait()
        stoppedSignal.signal()
        return state.withLock { $0.failure }
    }
}

/// The dashboard's keys acting on the daemon: `a` runs `acceptconnections`, `b` re-arms or releases the listen
/// buffer, `q` starts the graceful shutdown (as SIGTERM does).
struct DaemonDashboardControl: DashboardControl {
    let daemon: Daemon
    let session: DaemonSession

    func activate() { daemon.activate() }

    func setBuffering(_ on: Bool) { daemon.setBuffering(on) }

    func requestShutdown() {
        session.markShutdownRequested()
        daemon.shutdown()
    }
}
