import Foundation
import Synchronization

/// A value that arrives once (a container's exit code on its next exit, or on its removal) and any number
/// of waiters, each of which may give up after a timeout.
final class ExitLatch: Sendable {
    private struct State {
        var value: Int32?
        var waiters: [UInt64: CheckedContinuation<Int32?, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Delivers `value` to every waiter, present and future; later calls are ignored.
    func resolve(_ value: Int32) {
        let waiters = state.withLock { s -> [CheckedContinuation<Int32?, Never>] in
            guard s.value == nil else { return [] }
            s.value = value
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// Whether the value has arrived.
    var isResolved: Bool { state.withLock { $0.value != nil } }

    /// Waits for the value.
    func value() async -> Int32 {
        await value(timeout: nil)!
    }

    /// Waits for the value at most `timeout` (nil: for ever); nil when the time ran out first.
    func value(timeout: Duration?) async -> Int32? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            let id: UInt64? = state.withLock { s in
                if s.value != nil { return nil }
                let id = s.nextID
                s.nextID += 1
                s.waiters[id] = continuation
                return id
            }
            guard let id else {
                continuation.resume(returning: state.withLock { $0.value })
                return
            }
            if let timeout {
                Task {
                    try? await Task.sleep(for: timeout)
                    let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
                    waiter?.resume(returning: nil)
                }
            }
        }
    }
}
