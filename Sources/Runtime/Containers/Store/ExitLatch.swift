import Foundation
import Synchronization

/// A value that arrives once (a container's exit code on its next exit, or on its removal) and any number
/// of waiters, each of which may give up after a timeout or when its task is cancelled (a client that went
/// away leaves nothing behind).
final class ExitLatch: Sendable {
    private struct State {
        var value: Int32?
        var waiters: [UInt64: CheckedContinuation<Int32?, Never>] = [:]
        /// Waiters cancelled before they were registered.
        var cancelled: Set<UInt64> = []
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

    /// Waits for the value; -1 if the waiting task is cancelled first.
    func value() async -> Int32 {
        await value(timeout: nil) ?? -1
    }

    /// Waits for the value at most `timeout` (nil: for ever); nil when the time ran out or the task was
    /// cancelled first.
    func value(timeout: Duration?) async -> Int32? {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
                let settled: Int32?? = state.withLock { s in
                    if let value = s.value { return .some(value) }
                    if s.cancelled.remove(id) != nil { return .some(nil) }
                    s.waiters[id] = continuation
                    return nil
                }
                if let settled {
                    continuation.resume(returning: settled)
                    return
                }
                if let timeout {
                    Task {
                        try? await Task.sleep(for: timeout)
                        self.giveUp(id)
                    }
                }
            }
        } onCancel: {
            giveUp(id, cancelled: true)
        }
    }

    /// Resumes waiter `id` with nil if it is still waiting; a cancellation that comes before the waiter is
    /// registered is remembered so the registration gives up at once.
    private func giveUp(_ id: UInt64, cancelled: Bool = false) {
        let waiter = state.withLock { s -> CheckedContinuation<Int32?, Never>? in
            if let waiter = s.waiters.removeValue(forKey: id) { return waiter }
            if cancelled && s.value == nil { s.cancelled.insert(id) }
            return nil
        }
        waiter?.resume(returning: nil)
    }
}
