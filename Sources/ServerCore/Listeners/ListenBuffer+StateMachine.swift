import DequeModule
import Traffic

extension ListenBuffer {
    /// The listen buffer's decisions, free of sockets and continuations so they can be tested alone.
    ///
    /// Modes: `holding` (requests queue up), `active` (requests pass), `closed` (shutting down: requests are
    /// turned away). Activation releases queued requests one at a time, in arrival order: the next one goes
    /// when the previous one reports that it has been dispatched (`didDispatch`) or went away (`abandon`).
    /// Requests arriving while a release is still draining queue behind it, so arrival order is kept.
    struct StateMachine {
        enum Mode: Equatable { case holding, active, closed }

        /// What `admit` decided.
        enum AdmitAction: Equatable {
            /// Go on at once.
            case proceed
            /// Wait; `releaseNow` is set when this very request is to be released immediately (it is the head
            /// of an active, draining queue).
            case hold(releaseNow: Bool)
            /// The buffer is closed.
            case reject
        }

        struct Held: Equatable {
            let id: RequestID
            let listener: ListenerID
        }

        private(set) var mode: Mode
        private(set) var queue: Deque<Held> = []
        private(set) var releasing: Held?
        let maxHeldPerListener: Int
        private(set) var heldPerListener: [ListenerID: Int] = [:]
        /// Connections accepted that have not yet sent their first request. While holding they count towards
        /// the cap too: each of them is a held request about to be.
        private(set) var pendingPerListener: [ListenerID: Int] = [:]

        init(holding: Bool, maxHeldPerListener: Int) {
            mode = holding ? .holding : .active
            self.maxHeldPerListener = max(1, maxHeldPerListener)
        }

        /// True when `listener` has reached the cap and should stop accepting connections.
        func isFull(_ listener: ListenerID) -> Bool {
            let pending = mode == .holding ? pendingPerListener[listener] ?? 0 : 0
            return (heldPerListener[listener] ?? 0) + pending >= maxHeldPerListener
        }

        /// A connection was accepted on `listener`.
        mutating func connectionAccepted(_ listener: ListenerID) {
            pendingPerListener[listener, default: 0] += 1
        }

        /// A connection sent its first request or closed without one.
        mutating func connectionSettled(_ listener: ListenerID) {
            pendingPerListener[listener, default: 1] -= 1
        }

        /// True when `admit` would say `proceed`.
        var admitsAtOnce: Bool { mode == .active && queue.isEmpty && releasing == nil }

        mutating func admit(_ id: RequestID, listener: ListenerID) -> AdmitAction {
            switch mode {
            case .closed:
                return .reject
            case .active where queue.isEmpty && releasing == nil:
                return .proceed
            case .active, .holding:
                queue.append(Held(id: id, listener: listener))
                heldPerListener[listener, default: 0] += 1
                if mode == .active, releasing == nil, let next = popNext() {
                    return .hold(releaseNow: next.id == id)
                }
                return .hold(releaseNow: false)
            }
        }

        /// Switches to active; returns the request to release first, if any.
        mutating func activate() -> Held? {
            guard mode != .closed else { return nil }
            mode = .active
            return releasing == nil ? popNext() : nil
        }

        /// Switches back to holding (returns false if it already was, or is closed).
        mutating func rearm() -> Bool {
            guard mode == .active else { return false }
            mode = .holding
            return true
        }

        /// The released request reached its handler; returns the next one to release.
        mutating func didDispatch(_ id: RequestID) -> Held? {
            guard releasing?.id == id else { return nil }
            releasing = nil
            return mode == .active ? popNext() : nil
        }

        /// A request's connection went away. Returns whether it was still queued, and the next to release.
        mutating func abandon(_ id: RequestID) -> (wasQueued: Held?, next: Held?) {
            if let index = queue.firstIndex(where: { $0.id == id }) {
                let held = queue.remove(at: index)
                heldPerListener[held.listener, default: 1] -= 1
                return (held, nil)
            }
            return (nil, didDispatch(id))
        }

        /// Closes the buffer; returns every queued request (they are turned away).
        mutating func close() -> [Held] {
            mode = .closed
            let all = Array(queue)
            queue.removeAll()
            heldPerListener.removeAll()
            pendingPerListener.removeAll()
            return all
        }

        private mutating func popNext() -> Held? {
            guard let next = queue.popFirst() else { return nil }
            heldPerListener[next.listener, default: 1] -= 1
            releasing = next
            return next
        }
    }
}
