import Dashboard
import Foundation
import Testing
import Traffic

@Suite("Filters")
struct FilterTests {
    private func fill(_ store: TrafficStore) {
        Fixture.request(store, "GET", "/v1.14/containers/json")
        Fixture.request(store, "POST", "/v1.14/containers/create", body: #"{"Image":"busybox"}"#, status: 201)
        Fixture.request(store, "GET", "/v1.14/containers/missing/json", route: "/containers/{name:.*}/json", status: 404)
        Fixture.request(store, "GET", "/v1.14/version", listener: Fixture.tcp)
        Fixture.request(store, "DELETE", "/v1.14/containers/x", route: "/containers/{name:.*}", status: 500)
    }

    private func uris(_ model: DashboardModel, _ store: TrafficStore) -> [String] {
        model.requestRows(store.snapshot()).map(\.uri)
    }

    @Test("typing after / filters the log live; Enter keeps it; it shows in the status bar")
    func liveFilter() {
        let store = Fixture.store()
        fill(store)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        Render.press([.character("/")] + Render.type("POST"), &model, store)
        #expect(uris(model, store) == ["/v1.14/containers/create"])
        let typing = Render.screen(store, model: model, size: model.size)
        #expect(typing.lines[1].contains("filter Requests: /POST_"))
        Render.press([.enter], &model, store)
        #expect(model.filterDraft == nil)
        #expect(uris(model, store) == ["/v1.14/containers/create"])
        #expect(Render.screen(store, model: model, size: model.size).lines[1].contains("filter Requests: POST"))
    }

    @Test("status classes, exact codes, methods, listeners and path substrings combine")
    func terms() {
        let store = Fixture.store()
        fill(store)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        let cases: [(String, [String])] = [
            ("4xx", ["/v1.14/containers/missing/json"]),
            ("500", ["/v1.14/containers/x"]),
            ("GET json", ["/v1.14/containers/json", "/v1.14/containers/missing/json"]),
            ("L2", ["/v1.14/version"]),
            ("tcp", ["/v1.14/version"]),
            ("unix 5xx", ["/v1.14/containers/x"]),
            ("method:delete", ["/v1.14/containers/x"]),
            ("CREATE", ["/v1.14/containers/create"]),
        ]
        for (filter, expected) in cases {
            Render.press([.character("/")] + Render.type(filter) + [.enter], &model, store)
            #expect(uris(model, store) == expected, "\(filter)")
            Render.press([.escape], &model, store)
            #expect(uris(model, store).count == 5, "Esc clears \(filter)")
        }
    }

    @Test("the filter applies to the focused pane only")
    func perPane() {
        let store = Fixture.store()
        fill(store)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        Render.press([.character("2"), .character("/")] + Render.type("POST") + [.enter], &model, store)
        #expect(model.routeRows(store.snapshot()).map(\.template) == ["/auth", "/containers/create", "/containers/{name:.*}/attach"])
        #expect(uris(model, store).count == 5)
        let text = Render.screen(store, model: model, size: model.size).screenText
        #expect(text.contains("/POST"))
    }

    @Test("Enter on a listener filters the log to it")
    func listenerToLog() {
        let store = Fixture.store()
        fill(store)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        Render.press([.character("1"), .down, .enter], &model, store)
        #expect(model.focus == .requests)
        #expect(uris(model, store) == ["/v1.14/version"])
    }

    @Test("a filter that matches nothing says so and Esc brings everything back")
    func empty() {
        let store = Fixture.store()
        fill(store)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        Render.press([.character("/")] + Render.type("nothing-like-this") + [.enter], &model, store)
        #expect(Render.screen(store, model: model, size: model.size).screenText.contains("no request matches the filter"))
        Render.press([.escape], &model, store)
        #expect(uris(model, store).count == 5)
    }
}
