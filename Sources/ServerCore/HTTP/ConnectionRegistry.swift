import NIOCore
import Synchronization

/// The open connections of one listener, so that shutdown can close idle ones at once, let busy ones finish
/// their response, and close whatever is left when the grace period ends.
final class ConnectionRegistry: Sendable {
    /// One open connection. Its busy flag is its own, so marking a request's start and end takes no lock that
    /// the other connections share.
    final class Entry: Sendable {
        let channel: any Channel
        fileprivate let busy = Atomic<Bool>(false)

        fileprivate init(channel: any Channel) { self.channel = channel }
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    private let draining = Atomic<Bool>(false)

    /// Registers a new connection; nil when the listener is already draining (close it).
    func add(_ channel: any Channel) -> Entry? {
        entries.withLock { entries in
            guard !draining.load(ordering: .sequentiallyConsistent) else { return nil }
            let entry = Entry(channel: channel)
            entries[ObjectIdentifier(entry)] = entry
            return entry
        }
    }

    func remove(_ entry: Entry) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(entry)) }
    }

    /// Marks a connection as in a request (true) or between requests (false). Returns true when the
    /// listener is draining and the connection, now idle, should close.
    func setBusy(_ entry: Entry, _ busy: Bool) -> Bool {
        // Both sides store then load (sequentially consistent), so a connection going idle while `drain` runs
        // is closed by one of the two, never by neither.
        entry.busy.store(busy, ordering: .sequentiallyConsistent)
        return !busy && draining.load(ordering: .sequentiallyConsistent)
    }

    /// Starts draining: idle connections are closed now.
    func drain() {
        let all = entries.withLock { entries in
            draining.store(true, ordering: .sequentiallyConsistent)
            return Array(entries.values)
        }
        for entry in all where !entry.busy.load(ordering: .sequentiallyConsistent) {
            entry.channel.close(promise: nil)
        }
    }

    /// Closes every connection still open.
    func closeAll() {
        let all = entries.withLock { Array($0.values) }
        for entry in all { entry.channel.close(promise: nil) }
    }

    var count: Int { entries.withLock { $0.count } }
}
