import Synchronization

/// A one-shot signal: `trigger()` wakes every `wait()`, now and later.
public final class ShutdownSignal: Sendable {
    private struct State {
        var triggered = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var callbacks: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// True once triggered.
    public var isTriggered: Bool { state.withLock { $0.triggered } }

    /// Wakes all waiters; later calls do nothing.
    public func trigger() {
        let (waiters, callbacks) = state.withLock { s -> ([CheckedContinuation<Void, Never>], [@Sendable () -> Void]) in
            guard !s.triggered else { return ([], []) }
            s.triggered = true
            defer {
                s.waiters.removeAll()
                s.callbacks.removeAll()
            }
            return (s.waiters, s.callbacks)
        }
        for callback in callbacks { callback() }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs `callback` when triggered (at once if it already was).
    public func onTrigger(_ callback: @escaping @Sendable () -> Void) {
        let now = state.withLock { s -> Bool in
            if s.triggered { return true }
            s.callbacks.append(callback)
            return false
        }
        if now { callback() }
    }

    /// Returns once triggered.
    public func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { s -> Bool in
                if s.triggered { return true }
                s.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
