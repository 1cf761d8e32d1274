import Foundation
import Testing

@testable import Traffic

@Suite("The traffic feed")
struct TrafficStoreTests {
    let listener = ListenerID(1)

    func store(capacity: Int = 5000) -> TrafficStore {
        let store = TrafficStore(capacity: capacity)
        store.addListener(ListenerRecord(id: listener, proto: "tcp", address: "127.0.0.1:2375", boundAddress: "127.0.0.1:2375", tls: .none, state: .listening))
        store.setRoutes([RouteRecord(id: 0, method: "GET", template: "/_ping", handler: "ping")])
        return store
    }

    func request(_ store: TrafficStore, status: Int, route: Int? = 0, at start: Date = Date()) -> RequestID {
        let id = store.beginRequest(listener: listener, peer: "127.0.0.1:5", method: "GET", uri: "/_ping", httpVersion: "HTTP/1.1", headers: [], at: start)
        store.requestDispatched(id, at: start)
        store.requestRouted(id, RequestRouting(routeID: route, route: route == nil ? nil : "/_ping"))
        store.responseStarted(id, status: status, headers: [], streaming: false, at: start)
        store.finishRequest(id, at: start.addingTimeInterval(0.002))
        return id
    }

    @Test("the history is bounded and counts what it dropped")
    func boundedHistory() {
        let store = store(capacity: 3)
        let ids = (0..<5).map { _ in request(store, status: 200) }
        let snapshot = store.snapshot()
        #expect(snapshot.requests.map(\.id) == Array(ids.suffix(3)))
        #expect(snapshot.droppedRequests == 2)
        #expect(snapshot.request(ids[0]) == nil)
        #expect(snapshot.request(ids[4])?.status == 200)
        #expect(snapshot.listeners[0].totalRequests == 5)
    }

    @Test("route statistics: hits, errors and latency quantiles")
    func routeStats() {
        let store = store()
        for _ in 0..<9 { _ = request(store, status: 200) }
        _ = request(store, status: 404)
        _ = request(store, status: 404, route: nil)
        let route = store.snapshot().routes[0]
        #expect(route.hits == 10)
        #expect(route.errors == 1)
        let p50 = try? #require(route.latency.quantile(0.5))
        #expect(p50.map { $0 >= 0.0015 && $0 <= 0.003 } == true)
    }

    @Test("a request moves through its phases and keeps the first body bytes")
    func phases() {
        let store = store()
        let id = store.beginRequest(listener: listener, peer: "unix", method: "POST", uri: "/images/load?quiet=1", httpVersion: "HTTP/1.1", headers: [HeaderField("Content-Type", "application/x-tar")])
        store.requestHeld(id, listener: listener)
        #expect(store.snapshot().heldRequests.map(\.id) == [id])
        #expect(store.snapshot().listeners[0].heldRequests == 1)
        store.requestReleased(id, listener: listener)
        #expect(store.snapshot().request(id)?.phase == .inFlight)
        store.requestBody(id, bytes: Array(repeating: 1, count: TrafficStore.excerptLimit + 10))
        store.responseStarted(id, status: 200, headers: [], streaming: true)
        #expect(store.snapshot().request(id)?.phase == .streaming)
        store.finishRequest(id)
        let record = store.snapshot().request(id)!
        #expect(record.phase == .done)
        #expect(record.requestBytes == TrafficStore.excerptLimit + 10)
        #expect(record.requestBodyExcerpt.count == TrafficStore.excerptLimit)
        #expect(record.path == "/images/load")
        #expect(record.requestHeader("content-type") == "application/x-tar")
        #expect(store.snapshot().listeners[0].heldRequests == 0)
    }

    @Test("observers hear about every finished request once")
    func observers() {
        let store = store()
        let seen = Counter()
        store.onRequestFinished { _ in seen.increment() }
        let id = request(store, status: 200)
        store.finishRequest(id)
        #expect(seen.value == 1)
    }

    @Test("the generation changes with every mutation")
    func generation() {
        let store = store()
        let before = store.generation
        _ = request(store, status: 200)
        #expect(store.generation > before)
        let after = store.generation
        _ = store.snapshot()
        #expect(store.generation == after)
    }

    @Test("rate history counts per second and forgets old seconds")
    func rateHistory() {
        var history = RateHistory()
        let t = Date(timeIntervalSince1970: 1_000_000)
        history.record(at: t)
        history.record(at: t)
        history.record(at: t.addingTimeInterval(1))
        let series = history.series(at: t.addingTimeInterval(1))
        #expect(series.count == RateHistory.capacity)
        #expect(series.suffix(2) == [2, 1])
        #expect(history.series(at: t.addingTimeInterval(120)).allSatisfy { $0 == 0 })
    }

    @Test("an empty histogram has no quantiles")
    func emptyHistogram() {
        #expect(LatencyHistogram().quantile(0.99) == nil)
    }
}

final class Counter: @unchecked Sendable {
    // Guarded by `lock`.
    private var count = 0
    private let lock = NSLock()
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
