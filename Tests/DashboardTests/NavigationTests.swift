import Dashboard
import Foundation
import Testing
import Traffic

@Suite("Navigation")
struct NavigationTests {
    @Test("Tab, Shift-Tab, arrows and number keys move the focus between panes")
    func focus() {
        let store = Fixture.store()
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        #expect(model.focus == .requests)
        Render.press([.tab], &model, store)
        #expect(model.focus == .jobs)
        Render.press([.tab], &model, store)
        #expect(model.focus == .listeners)
        Render.press([.backTab, .backTab], &model, store)
        #expect(model.focus == .requests)
        Render.press([.left], &model, store)
        #expect(model.focus == .routes)
        Render.press([.right, .right], &model, store)
        #expect(model.focus == .jobs)
        Render.press([.character("1")], &model, store)
        #expect(model.focus == .listeners)
        let grid = Render.screen(store, model: model, size: model.size)
        #expect(grid.lines.first { $0.contains("1 Listeners") }?.contains(" 1 Listeners ") == true)
    }

    @Test("PgDn/PgUp move a page, Home/End jump, and the selection stays visible")
    func paging() {
        let store = Fixture.store()
        var routes = (0..<60).map { RouteRecord(id: $0, method: "GET", template: "/r\($0)", handler: "h\($0)") }
        routes[0] = RouteRecord(id: 0, method: "GET", template: "/first", handler: "h")
        store.setRoutes(routes)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        Render.press([.character("2"), .pageDown], &model, store)
        let page = model.layout(store.snapshot()).visibleRows(.routes) - 1
        #expect(model.selectedRoute(store.snapshot())?.id == page)
        Render.press([.end], &model, store)
        #expect(model.selectedRoute(store.snapshot())?.id == 59)
        #expect(Render.screen(store, model: model, size: model.size).screenText.contains("/r59 "))
        Render.press([.home], &model, store)
        #expect(model.selectedRoute(store.snapshot())?.id == 0)
        #expect(Render.screen(store, model: model, size: model.size).screenText.contains("/first"))
        Render.press([.pageDown, .pageUp], &model, store)
        #expect(model.selectedRoute(store.snapshot())?.id == 0)
    }

    @Test("the selection follows its request when older rows fall out of the history")
    func stableSelection() {
        let store = Fixture.store(capacity: 20)
        for i in 1...20 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        Render.press([.up, .up, .up], &model, store)
        #expect(model.selectedRequest(store.snapshot())?.uri == "/v1.14/r17")
        for i in 21...25 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        #expect(model.selectedRequest(store.snapshot())?.uri == "/v1.14/r17")
        for i in 26...50 { Fixture.request(store, "GET", "/v1.14/r\(i)") }
        // r17 is gone: the selection moves to the oldest row still kept, never past the end.
        #expect(model.selectedRequest(store.snapshot())?.uri == "/v1.14/r31")
    }

    @Test("detail scrolling is clamped, so Up after End moves at once")
    func detailScroll() {
        let store = Fixture.store()
        let body = "{" + (0..<80).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        Fixture.request(store, "POST", "/v1.14/containers/create", body: body, status: 201)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        let theme = Theme(capabilities: Render.color)
        Render.press([.enter, .end], &model, store)
        model.clampScroll(store.snapshot(), now: Date(), theme: theme)
        guard case .detail(let atEnd) = model.overlay else { Issue.record("no detail"); return }
        Render.press([.up], &model, store)
        guard case .detail(let afterUp) = model.overlay else { Issue.record("no detail"); return }
        #expect(afterUp.scroll == atEnd.scroll - 1)
        #expect(Render.screen(store, model: model, size: model.size).screenText.contains("\"k79\": 79"))
    }
}
