import Foundation
import Testing

@testable import Traffic

@Suite("The request history: chunked, copy-on-write per chunk")
struct RequestHistoryTests {
    private func record(_ n: Int) -> RequestRecord {
        RequestRecord(
            id: RequestID(UInt64(n)), listener: ListenerID(1), peer: "@", method: "GET", uri: "/r\(n)",
            httpVersion: "1.1", requestHeaders: [], accepted: Date(timeIntervalSince1970: 0))
    }

    @Test("appends and drops across chunk boundaries keep the records in order")
    func orderAcrossChunks() {
        var history = RequestHistory()
        let total = RequestHistory.chunkSize * 3 + 5
        for n in 0..<total { history.append(record(n)) }
        #expect(history.count == total)
        #expect(history.map(\.uri) == (0..<total).map { "/r\($0)" })
        for _ in 0..<(RequestHistory.chunkSize + 7) { history.removeFirst() }
        #expect(history.count == total - RequestHistory.chunkSize - 7)
        #expect(history.first?.uri == "/r\(RequestHistory.chunkSize + 7)")
        #expect(history.last?.uri == "/r\(total - 1)")
        #expect(history[10].uri == "/r\(RequestHistory.chunkSize + 17)")
        history.update(at: 10) { $0.status = 204 }
        #expect(history[10].status == 204)
        #expect(history[9].status == nil && history[11].status == nil)
    }

    @Test("the live count follows appends, updates and drops")
    func liveCount() {
        var history = RequestHistory()
        for n in 0..<(RequestHistory.chunkSize + 2) { history.append(record(n)) }
        #expect(history.liveCount == RequestHistory.chunkSize + 2, "new records are in flight")
        history.update(at: 0) { $0.phase = .done }
        history.update(at: 1) { $0.phase = .done }
        history.update(at: 1) { $0.phase = .done }
        history.update(at: 2) { $0.phase = .held }
        #expect(history.liveCount == RequestHistory.chunkSize)
        history.removeFirst()
        #expect(history.liveCount == RequestHistory.chunkSize, "a done record dropped")
        history.removeFirst()
        history.removeFirst()
        #expect(history.liveCount == RequestHistory.chunkSize - 1, "a held record dropped")
        #expect(history.liveCount == history.filter(\.isLive).count)
    }

    @Test("emptied completely, it starts over")
    func emptyAndRefill() {
        var history = RequestHistory()
        for n in 0..<3 { history.append(record(n)) }
        for _ in 0..<3 { history.removeFirst() }
        #expect(history.isEmpty)
        history.append(record(9))
        #expect(history.map(\.uri) == ["/r9"])
    }

    @Test("a copy taken earlier never sees later updates, appends or drops")
    func copiesAreIsolated() {
        var history = RequestHistory()
        for n in 0..<(RequestHistory.chunkSize * 2) { history.append(record(n)) }
        let snapshot = history
        history.update(at: 3) { $0.status = 500 }
        history.update(at: RequestHistory.chunkSize + 1) { $0.method = "POST" }
        history.append(record(1000))
        history.removeFirst()
        #expect(snapshot.count == RequestHistory.chunkSize * 2)
        #expect(snapshot[3].status == nil)
        #expect(snapshot[RequestHistory.chunkSize + 1].method == "GET")
        #expect(snapshot.first?.uri == "/r0")
        #expect(history[2].status == 500)
        #expect(history[RequestHistory.chunkSize].method == "POST")
        #expect(history.last?.uri == "/r1000")
    }

    @Test("a dropped record goes to the caller to destroy, unless a copy still shares it")
    func droppedRecordsLeaveOneAtATime() {
        var history = RequestHistory()
        for n in 0..<4 { history.append(record(n)) }
        #expect(history.removeFirst().record?.uri == "/r0", "nobody else holds the chunk: the record is moved out")
        let snapshot = history
        let removed = history.removeFirst()
        #expect(removed.record == nil, "a copy shares the chunk: the record stays for it")
        #expect(snapshot.first?.uri == "/r1")
        #expect(history.map(\.uri) == ["/r2", "/r3"])
    }
}
