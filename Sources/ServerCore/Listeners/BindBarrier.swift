import Synchronization
import Traffic

/// Calls `onComplete` once every listener of `serveapi` has bound its sockets.
final class BindBarrier: Sendable {
    private struct State {
        var remaining: Int
        var records: [ListenerRecord] = []
    }

    private let state: Mutex<State>
    private let onComplete: @Sendable ([ListenerRecord]) -> Void

    init(expected: Int, onComplete: @escaping @Sendable ([ListenerRecord]) -> Void) {
        state = Mutex(State(remaining: expected))
        self.onComplete = onComplete
    }

    func arrive(_ records: [ListenerRecord]) {
        let done = state.withLock { s -> [ListenerRecord]? in
            s.records += records
            s.remaining -= 1
            return s.remaining == 0 ? s.records.sorted { $0.id < $1.id } : nil
        }
        if let done { onComplete(done) }
    }
}
