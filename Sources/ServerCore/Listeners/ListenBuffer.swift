import DequeModule
import Foundation
import Synchronization
import Traffic

/// Docker's `listenbuffer` and `activationLock`: every listener accepts connections from the start, but the
/// requests they carry are parsed and *held* — not refused, not answered — until the daemon is activated
/// (the `acceptconnections` job). Activation releases them in arrival order. Holding can be re-armed at run
/// time. Past `maxHeldPerListener` held requests a listener stops accepting, so further clients wait in the
/// kernel's backlog: the daemon itself refuses nobody.
public final class ListenBuffer: Sendable {
    private struct State {
        var machine: StateMachine
        var waiting: [RequestID: CheckedContinuation<Bool, Never>] = [:]
        var roomWaiters: [ListenerID: [CheckedContinuation<Void, Never>]] = [:]
        var listeners: Set<ListenerID> = []
        var activeSince: Date?
        var activations = 0

        /// The accept loop's waiters for `listener`, taken out to be resumed once the lock is released, when it
        /// has room again.
        mutating func takeRoomWaiters(_ listener: ListenerID) -> [CheckedContinuation<Void, Never>] {
            guard !roomWaiters.isEmpty, !machine.isFull(listener) else { return [] }
            return roomWaiters.removeValue(forKey: listener) ?? []
        }
    }

    private let state: Mutex<State>
    /// `admitsAtOnce` of the state machine as of the last change, read without the lock by the request path.
    private let admitsAtOnce = Atomic<Bool>(false)
    private let traffic: TrafficStore

    /// - Parameters:
    ///   - holding: start holding (BufferRequests on) or serve at once.
    ///   - maxHeldPerListener: the cap past which a listener stops accepting.
    public init(holding: Bool, maxHeldPerListener: Int = 1024, traffic: TrafficStore) {
        self.state = Mutex(State(machine: StateMachine(holding: holding, maxHeldPerListener: maxHeldPerListener)))
        self.traffic = traffic
        if !holding { withState { $0.activeSince = Date() } }
        publishActivation()
    }

    /// Every use of the state goes through here, so that the lock-free fast path of `admitAtOnce` sees each change.
    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        state.withLock { s in
            let result = body(&s)
            admitsAtOnce.store(s.machine.admitsAtOnce, ordering: .releasing)
            return result
        }
    }

    /// True while new requests are held.
    public var isHolding: Bool { withState { $0.machine.mode == .holding } }

    /// Starts tracking a listener's state (holding / listening / backlogged) in the traffic feed.
    public func register(_ listener: ListenerID) {
        withState { _ = $0.listeners.insert(listener) }
        publishListenerStates()
    }

    /// A connection was accepted: while holding, it counts towards the listener's cap until it settles.
    public func connectionAccepted(_ listener: ListenerID) {
        withState { $0.machine.connectionAccepted(listener) }
    }

    /// The connection closed without sending a request.
    public func connectionSettled(_ listener: ListenerID) {
        withState { $0.machine.connectionSettled(listener) }
        wakeRoomWaiters(listener)
    }

    /// What `admit` decided for a request.
    public enum Admission: Sendable, Equatable {
        /// Dispatch it: the daemon is active and nothing is queued ahead of it.
        case proceed
        /// Dispatch it: it was held and has just been released. Call `didDispatch(_:)` once it is handed to its
        /// handler, so the next held request may go.
        case released
        /// The daemon is shutting down: do not serve it.
        case turnedAway

        /// True for `proceed` and `released`.
        public var dispatches: Bool { self != .turnedAway }
    }

    /// The fast path of `admit`, which takes no request id: true when the request may be dispatched at once
    /// (active, nothing held or being released), and then the connection is settled as `admit` would. False
    /// changes nothing: call `admit`.
    public func admitAtOnce(listener: ListenerID, firstOnConnection: Bool = false) -> Bool {
        // The usual case, a later request on a connection to an active daemon, takes no lock: the two event loops
        // would otherwise meet on it for every request.
        if !firstOnConnection && admitsAtOnce.load(ordering: .acquiring) { return true }
        let waiters = withState { s -> [CheckedContinuation<Void, Never>]? in
            guard s.machine.admitsAtOnce else { return nil }
            guard firstOnConnection else { return [] }
            s.machine.connectionSettled(listener)
            return s.takeRoomWaiters(listener)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume() }
        return true
    }

    /// Called for each request once its head is read, before it is dispatched; waits while the daemon holds
    /// requests.
    ///
    /// `firstOnConnection` settles the connection's pending count in the same step, so the cap never lets an
    /// extra connection in between the two.
    public func admit(_ id: RequestID, listener: ListenerID, firstOnConnection: Bool = false) async -> Admission {
        let (action, waitersForRoom) = withState { s -> (StateMachine.AdmitAction, [CheckedContinuation<Void, Never>]) in
            if firstOnConnection { s.machine.connectionSettled(listener) }
            let action = s.machine.admit(id, listener: listener)
            // A settled connection may make room for the accept loop, once this request is counted.
            return (action, firstOnConnection ? s.takeRoomWaiters(listener) : [])
        }
        for waiter in waitersForRoom { waiter.resume() }
        switch action {
        case .proceed:
            return .proceed
        case .reject:
            return .turnedAway
        case .hold(let releaseNow):
            traffic.requestHeld(id, listener: listener)
            publishListenerStates()
            if releaseNow {
                traffic.requestReleased(id, listener: listener)
                return .released
            }
            let released = await withCheckedContinuation { continuation in
                let resumeAtOnce: Bool? = withState { s in
                    // The request may have been released or turned away between the two locks.
                    if s.machine.releasing?.id == id { return true }
                    if s.machine.mode == .closed { return false }
                    s.waiting[id] = continuation
                    return nil
                }
                if let resumeAtOnce { continuation.resume(returning: resumeAtOnce) }
            }
            return released ? .released : .turnedAway
        }
    }

    /// The released request reached its handler: lets the next held request go.
    public func didDispatch(_ id: RequestID) {
        let next = withState { $0.machine.didDispatch(id) }
        release(next)
    }

    /// The connection carrying a request closed; if it was held, it is dropped from the queue.
    public func abandon(_ id: RequestID) {
        let (dropped, next, continuation) = withState { s in
            let result = s.machine.abandon(id)
            return (result.wasQueued, result.next, s.waiting.removeValue(forKey: id))
        }
        if let dropped {
            traffic.requestReleased(dropped.id, listener: dropped.listener)
            wakeRoomWaiters(dropped.listener)
        }
        continuation?.resume(returning: false)
        release(next)
    }

    /// The `acceptconnections` job: stop holding and release every held request in arrival order.
    public func activate() {
        let first = withState { s -> StateMachine.Held? in
            let wasHolding = s.machine.mode == .holding
            let first = s.machine.activate()
            if wasHolding {
                s.activeSince = Date()
                s.activations += 1
            }
            return first
        }
        publishActivation()
        publishListenerStates()
        release(first)
        let listeners = withState { Array($0.listeners) }
        for listener in listeners { wakeRoomWaiters(listener) }
    }

    /// Re-arms holding: new requests are held until the next activation.
    public func rearm() {
        if withState({ $0.machine.rearm() }) {
            publishActivation()
            publishListenerStates()
        }
    }

    /// Shutting down: every held request is turned away and later ones are refused.
    public func close() {
        let (turnedAway, rooms) = withState { s in
            let held = s.machine.close()
            let continuations = held.map { ($0, s.waiting.removeValue(forKey: $0.id)) }
            let rooms = s.roomWaiters.values.flatMap { $0 }
            s.roomWaiters.removeAll()
            return (continuations, rooms)
        }
        for (held, continuation) in turnedAway {
            traffic.requestReleased(held.id, listener: held.listener)
            continuation?.resume(returning: false)
        }
        for room in rooms { room.resume() }
        publishActivation()
    }

    /// Returns once `listener` holds fewer than the cap, so its accept loop may take another connection.
    public func waitForRoom(_ listener: ListenerID) async {
        if !withState({ $0.machine.isFull(listener) && $0.machine.mode != .closed }) { return }
        publishListenerStates()
        await withCheckedContinuation { continuation in
            let now = withState { s -> Bool in
                if !s.machine.isFull(listener) || s.machine.mode == .closed { return true }
                s.roomWaiters[listener, default: []].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
        publishListenerStates()
    }

    private func release(_ held: StateMachine.Held?) {
        guard let held else { return }
        let continuation = withState { $0.waiting.removeValue(forKey: held.id) }
        traffic.requestReleased(held.id, listener: held.listener)
        wakeRoomWaiters(held.listener)
        // Without a parked continuation, `admit` is between its two locks and will see `releasing`.
        continuation?.resume(returning: true)
        publishListenerStates()
    }

    private func wakeRoomWaiters(_ listener: ListenerID) {
        let waiters = withState { $0.takeRoomWaiters(listener) }
        for waiter in waiters { waiter.resume() }
    }

    private func publishActivation() {
        let record = withState { s in
            ActivationRecord(
                holding: s.machine.mode == .holding, bufferingEnabled: s.machine.mode == .holding,
                activeSince: s.machine.mode == .holding ? nil : s.activeSince, activations: s.activations)
        }
        traffic.setActivation(record)
    }

    private func publishListenerStates() {
        let states = withState { s in
            s.listeners.map { id -> (ListenerID, ListenerState) in
                let full = s.machine.isFull(id)
                switch s.machine.mode {
                case .holding: return (id, full ? .backlogged : .holding)
                case .active: return (id, full ? .backlogged : .listening)
                case .closed: return (id, .closed)
                }
            }
        }
        for (id, newState) in states {
            traffic.updateListener(id) { record in
                if case .error = record.state { return }
                if record.state != newState { record.state = newState }
            }
        }
    }
}
