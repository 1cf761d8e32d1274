import Foundation
import Synchronization

/// The daemon's event bus: everything that happens is published here; `/events` subscribers receive a replay of
/// recent events followed by live ones.
public final class EventBus: Sendable {
    /// How many past events are kept for `since` replays (as modern dockerd: 256).
    public let replayCapacity: Int

    private struct State {
        var recent: [DaemonEvent] = []
        var subscribers: [UInt64: AsyncStream<DaemonEvent>.Continuation] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init(replayCapacity: Int = 256) { self.replayCapacity = replayCapacity }

    /// Publishes an event to every subscriber and to the replay buffer.
    public func publish(_ event: DaemonEvent) {
        let subscribers = state.withLock { s in
            s.recent.append(event)
            if s.recent.count > replayCapacity { s.recent.removeFirst(s.recent.count - replayCapacity) }
            return Array(s.subscribers.values)
        }
        for continuation in subscribers { continuation.yield(event) }
    }

    /// The number of live subscribers (`NEventsListener` in `/info`).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Subscribes, returning the buffered events with `timeNano >= sinceNano` apart from the live stream, taken
    /// in the same step so that no event is missed or seen twice. (`/events` needs the replay apart: with an
    /// `until` in the past it must deliver exactly the replay, then end.)
    public func subscribeWithReplay(sinceNano: Int64) -> (replay: [DaemonEvent], live: AsyncStream<DaemonEvent>) {
        let (stream, continuation) = AsyncStream.makeStream(of: DaemonEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let (replay, id) = state.withLock { s -> ([DaemonEvent], UInt64) in
            let replay = s.recent.filter { $0.timeNano >= sinceNano }
            let id = s.nextID
            s.nextID += 1
            s.subscribers[id] = continuation
            return (replay, id)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return (replay, stream)
    }

    /// Subscribes: the stream first yields the buffered events with `timeNano >= sinceNano` (when given), then
    /// live events. A slow subscriber loses the oldest undelivered events rather than slowing publishers.
    public func subscribe(sinceNano: Int64? = nil) -> AsyncStream<DaemonEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: DaemonEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let id = state.withLock { s -> UInt64 in
            if let sinceNano {
                for event in s.recent where event.timeNano >= sinceNano { continuation.yield(event) }
            }
            let id = s.nextID
            s.nextID += 1
            s.subscribers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
