import Synchronization

/// A flag that is claimed once: the first `claim()` returns true (send the head now), later ones false.
final class StartFlag: Sendable {
    private let claimed = Mutex(false)

    /// True exactly once.
    func claim() -> Bool {
        claimed.withLock { value in
            defer { value = true }
            return !value
        }
    }

    /// True once claimed.
    var isClaimed: Bool { claimed.withLock { $0 } }
}
