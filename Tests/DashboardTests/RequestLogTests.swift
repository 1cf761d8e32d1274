import Dashboard
import Foundation
import Testing
import Traffic

@Suite("Request log")
struct RequestLogTests {
    private func logLines(_ grid: CellGrid) -> [String] { grid.lines.filter { $0.contains("/v1.14/") } }

    @Test("following: the newest request is always visible and selected")
    func follows() {
        let store = Fixture.store()
        let model = DashboardModel(size: TerminalSize(width: 80, height: 24))
        for i in 1...40 { Fixture.request(store, "GET", "/v1.14/containers/c\(i)/json", route: "/containers/{name:.*}/json") }
        #expect(Render.screen(store, model: model).screenText.contains("/containers/c40/json"))
        Fixture.request(store, "GET", "/v1.14/containers/c41/json", route: "/containers/{name:.*}/json")
        let text = Render.screen(store, model: model).screenText
        #expect(text.contains("/containers/c41/json"))
        #expect(!text.contains("/containers/c1/json"))
        #expect(text.contains("FOLLOW"))
        #expect(model.selectedRequest(store.snapshot())?.uri == "/v1.14/containers/c41/json")
    }

    @Test("scrolling up pauses with 'N new'; End follows again")
    func pauseAndNew() {
        let store = Fixture.store()
        var model = DashboardModel(size: TerminalSize(width: 80, height: 24))
        for i in 1...30 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        Render.press([.up, .up], &model, store)
        #expect(!model.following)
        let selected = model.selectedRequest(store.snapshot())?.uri
        #expect(selected == "/v1.14/r28")
        for i in 31...35 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        let paused = Render.screen(store, model: model)
        #expect(paused.screenText.contains("PAUSED"))
        #expect(paused.screenText.contains("5 new"))
        #expect(!paused.screenText.contains("/v1.14/r35 "))
        #expect(model.selectedRequest(store.snapshot())?.uri == "/v1.14/r28", "selection stays on its request")
        Render.press([.end], &model, store)
        #expect(model.following)
        let live = Render.screen(store, model: model)
        #expect(live.screenText.contains("/v1.14/r35"))
        #expect(!live.screenText.contains("new (End"))
    }

    @Test("arrows down to the last row follow again; f toggles pause explicitly")
    func resumeAtBottom() {
        let store = Fixture.store()
        var model = DashboardModel(size: TerminalSize(width: 80, height: 24))
        for i in 1...10 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        Render.press([.up], &model, store)
        #expect(!model.following)
        Render.press([.down], &model, store)
        #expect(model.following)
        Render.press([.character("f")], &model, store)
        #expect(!model.following)
        Render.press([.character("f")], &model, store)
        #expect(model.following)
    }

    @Test("history is bounded and the screen says how many were dropped")
    func dropped() {
        let store = Fixture.store(capacity: 10)
        for i in 1...25 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        let text = Render.screen(store, size: TerminalSize(width: 120, height: 40)).screenText
        #expect(text.contains("dropped 15"))
        #expect(!text.contains("/v1.14/r15 "))
        #expect(text.contains("/v1.14/r16"))
    }

    @Test("live rows: held, in flight, streaming with growing bytes, hijacked; status symbols by class")
    func liveRows() {
        let store = Fixture.store()
        let start = Date()
        Fixture.request(store, "GET", "/v1.14/version", held: true, at: start.addingTimeInterval(-3))
        Fixture.request(store, "GET", "/v1.14/containers/json", status: nil, at: start)
        let stream = Fixture.request(store, "GET", "/v1.14/events", finish: false, at: start)
        let attach = store.beginRequest(listener: Fixture.unix, peer: "@", method: "POST",
                                        uri: "/v1.14/containers/abc/attach?stream=1", httpVersion: "1.1", headers: [])
        store.responseStarted(attach, status: 101, headers: [], streaming: true)
        Fixture.request(store, "DELETE", "/v1.14/containers/x", route: "/containers/{name:.*}", status: 500)
        Fixture.request(store, "GET", "/v1.14/containers/y/json", route: "/containers/{name:.*}/json", status: 404)
        let size = TerminalSize(width: 140, height: 40)
        store.responseBody(stream, bytes: Array(repeating: 0x41, count: 2000))
        let first = Render.screen(store, size: size, now: start.addingTimeInterval(1))
        let eventsRow = first.lines.first { $0.contains("/v1.14/events") }
        #expect(eventsRow?.contains("» 200 live") == true)
        #expect(eventsRow?.contains("2.0K") == true)
        store.responseBody(stream, bytes: Array(repeating: 0x41, count: 3000))
        store.hijackedBytes(attach, in: 10, out: 5000)
        let second = Render.screen(store, size: size, now: start.addingTimeInterval(2))
        #expect(second.lines.first { $0.contains("/v1.14/events") }?.contains("4.9K") == true)
        let text = second.screenText
        #expect(text.contains("‖ HELD"))
        #expect(text.contains("… wait"))
        #expect(text.contains("⇄ 101 raw"))
        #expect(text.contains("✗ 500"))
        #expect(text.contains("! 404"))
        #expect(second.lines.first { $0.contains("abc/attach") }?.contains("4.9K") == true)
    }
}
