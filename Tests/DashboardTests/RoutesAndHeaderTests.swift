import Dashboard
import Foundation
import Testing
import Traffic

@Suite("Routes pane and status bar")
struct RoutesAndHeaderTests {
    @Test("s sorts routes by hits, most first; again restores registration order")
    func sortByHits() {
        let store = Fixture.store()
        for _ in 0..<3 { Fixture.request(store, "GET", "/v1.14/version") }
        for _ in 0..<5 { Fixture.request(store, "GET", "/_ping") }
        Fixture.request(store, "GET", "/v1.14/containers/json")
        var model = DashboardModel(size: TerminalSize(width: 120, height: 40))
        #expect(model.routeRows(store.snapshot()).prefix(3).map(\.template) == ["/_ping", "/events", "/version"])
        Render.press([.character("2"), .character("s")], &model, store)
        let sorted = model.routeRows(store.snapshot())
        #expect(sorted.prefix(3).map(\.template) == ["/_ping", "/version", "/containers/json"])
        #expect(sorted.prefix(3).map(\.hits) == [5, 3, 1])
        let grid = Render.screen(store, model: model, size: model.size)
        #expect(grid.screenText.contains("by hits"))
        let pingRow = grid.lines.first { $0.contains(" /_ping ") }
        #expect(pingRow?.contains(" 5 ") == true)
        Render.press([.character("s")], &model, store)
        #expect(model.routeRows(store.snapshot()).prefix(3).map(\.template) == ["/_ping", "/events", "/version"])
    }

    @Test("errors and latency percentiles per route")
    func statistics() {
        let store = Fixture.store()
        Fixture.request(store, "GET", "/v1.14/containers/a/json", route: "/containers/{name:.*}/json", status: 404)
        Fixture.request(store, "GET", "/v1.14/containers/b/json", route: "/containers/{name:.*}/json")
        let route = store.snapshot().routes[Fixture.routeID("/containers/{name:.*}/json")]
        #expect(route.hits == 2)
        #expect(route.errors == 1)
        let grid = Render.screen(store, size: TerminalSize(width: 200, height: 60))
        let row = grid.lines.first { $0.contains("/containers/{name:.*}/json") && $0.contains("getContainersByName") }
        #expect(row?.contains(" 2 ") == true)
        #expect(row?.contains(" 1 ") == true)
        #expect(row?.contains("ms") == true)
    }

    @Test("holding: the banner counts held requests and the oldest's age")
    func holdingBanner() {
        let store = Fixture.store(holding: true)
        let now = Date()
        #expect(Render.screen(store, now: now).lines[1].contains("HOLDING · requests wait for activation (a)"))
        Fixture.request(store, "GET", "/v1.14/version", held: true, at: now.addingTimeInterval(-4.2))
        Fixture.request(store, "GET", "/_ping", held: true, at: now.addingTimeInterval(-1))
        Fixture.request(store, "GET", "/v1.14/info", listener: Fixture.tcp, held: true, at: now)
        let grid = Render.screen(store, now: now)
        #expect(grid.lines[1].contains("HOLDING 3 requests, oldest 4.2s"))
        #expect(grid.lines[1].contains("buffering ON"))
        let unixRow = grid.lines.first { $0.contains(Fixture.socketPath) && $0.contains("HOLDING") }
        #expect(unixRow != nil)
    }

    @Test("after activation the banner says ACTIVE since the activation time")
    func activeBanner() {
        let store = Fixture.store(holding: true)
        let held = Fixture.request(store, "GET", "/v1.14/version", held: true)
        let since = Date(timeIntervalSince1970: 1_700_000_123)
        store.setActivation(ActivationRecord(holding: false, bufferingEnabled: false, activeSince: since, activations: 1))
        Fixture.release(store, held)
        let line = Render.screen(store).lines[1]
        #expect(line.contains("ACTIVE since \(Format.clock(since))"))
        #expect(line.contains("buffering off"))
        #expect(!line.contains("HOLDING"))
    }

    @Test("listener rows show TLS mode, socket mode and group, held count and a sparkline")
    func listeners() {
        let store = Fixture.store()
        for _ in 0..<4 { Fixture.request(store, "GET", "/_ping") }
        let grid = Render.screen(store, size: TerminalSize(width: 200, height: 60))
        let unixRow = grid.lines.first { $0.contains("L1  unix") }
        #expect(unixRow?.contains("0660 docker") == true)
        #expect(unixRow?.contains("listening") == true)
        #expect(unixRow?.contains("█") == true, "a sparkline bar for this second's requests")
        let tcpRow = grid.lines.first { $0.contains("L2  tcp") }
        #expect(tcpRow?.contains("verify") == true)
    }

    @Test("a listener's failed TLS handshakes are counted beside its TLS mode, marked by a symbol")
    func handshakeFailures() {
        let store = Fixture.store()
        let tcpRow = { (grid: CellGrid) in grid.lines.first { $0.contains("L2  tcp") } ?? "" }
        #expect(!tcpRow(Render.screen(store, size: TerminalSize(width: 120, height: 40))).contains("verify ✗"))
        store.updateListener(Fixture.tcp) { $0.handshakeFailures = 3 }
        #expect(tcpRow(Render.screen(store, size: TerminalSize(width: 120, height: 40))).contains("verify ✗3"))
        let ascii = Render.screen(store, size: TerminalSize(width: 80, height: 24), capabilities: Render.vt100)
        #expect(ascii.lines.contains { $0.contains("tcp") && $0.contains("verify x3") })
    }
}
