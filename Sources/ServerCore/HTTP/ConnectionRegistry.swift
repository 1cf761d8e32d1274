import NIOCore
import Synchronization

/// The open connections of one listener, so that shutdown can close idle ones at once, let busy ones finish
/// their response, and close whatever is left when the grace period ends.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        var busy: Bool
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var draining = false
    }

    private let state = Mutex(State())

    /// Registers a new connection; returns false when the listener is already draining (close it).
    func add(_ channel: any Channel) -> Bool {
        state.withLock { s in
            guard !s.draining else { return false }
            s.entries[ObjectIdentifier(channel)] = Entry(channel: channel, busy: false)
            return true
        }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Marks a connection as in a request (true) or between requests (false). Returns true when the
    /// listener is draining and the connection, now idle, should close.
    func setBusy(_ channel: any Channel, _ busy: Bool) -> Bool {
        state.withLock { s in
            s.entries[ObjectIdentifier(channel)]?.busy = busy
            return s.draining && !busy
        }
    }

    /// True when the listener is shutting down.
    var isDraining: Bool { state.withLock { $0.draining } }

    /// Starts draining: idle connections are closed now.
    func drain() {
        let idle = state.withLock { s in
            s.draining = true
            return s.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }

    /// Closes every connection still open.
    func closeAll() {
        let all = state.withLock { $0.entries.values.map(\.channel) }
        for channel in all { channel.close(promise: nil) }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
