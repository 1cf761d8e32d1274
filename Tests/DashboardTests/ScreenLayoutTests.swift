import Dashboard
import Foundation
import Testing
import Traffic

@Suite("Screen layout")
struct ScreenLayoutTests {
    @Test("80x24 shows the header, every pane with its content, and the key hints")
    func standardTerminal() {
        let store = Fixture.store()
        Fixture.request(store, "GET", "/v1.14/containers/json?all=1")
        let grid = Render.screen(store)
        let text = grid.screenText
        #expect(grid.lines.count == 24)
        #expect(grid.lines.allSatisfy { $0.count <= 80 })
        #expect(grid.lines[0].contains("daemon-tui 1.2.0-tui"))
        #expect(grid.lines[0].contains("API 1.14"))
        #expect(grid.lines[0].contains("pid 4242"))
        #expect(grid.lines[1].contains("ACTIVE since"))
        for title in ["1 Listeners", "2 Routes", "3 Requests", "4 Jobs"] { #expect(text.contains(title), "\(title)") }
        #expect(text.contains(Fixture.socketPath))
        #expect(text.contains("0.0.0.0:2376"))
        #expect(text.contains("/_ping"))
        #expect(text.contains("/v1.14/containers/json?all=1"))
        #expect(text.contains("serveapi"))
        #expect(grid.lines[23].contains("? help"))
        #expect(grid.lines[23].contains("q quit"))
    }

    @Test("200x60 shows the full route templates, handlers and the job env table")
    func largeTerminal() {
        let store = Fixture.store()
        let grid = Render.screen(store, size: TerminalSize(width: 200, height: 60))
        let text = grid.screenText
        #expect(grid.lines.count == 60)
        #expect(grid.lines[0].contains("export DOCKER_HOST=unix://\(Fixture.socketPath)"))
        for (method, template, handler) in Fixture.routes {
            let line = grid.lines.first { $0.contains(" \(template) ") || $0.hasSuffix(" \(template)") }
            #expect(line?.contains(method) == true, "\(template)")
            #expect(line?.contains(handler) == true, "\(handler)")
        }
        #expect(text.contains("env of serveapi"))
        #expect(text.contains("BufferRequests"))
        #expect(text.contains("TlsVerify"))
        #expect(text.contains("0660 docker"))
        #expect(text.contains("verify"))
    }

    @Test("a resize lays the screen out again at the new size")
    func resize() {
        let store = Fixture.store()
        var model = DashboardModel(size: TerminalSize(width: 80, height: 24))
        let small = Render.screen(store, model: model)
        model.resize(to: TerminalSize(width: 120, height: 40))
        let large = Render.screen(store, model: model, size: TerminalSize(width: 120, height: 40))
        #expect(small.size == TerminalSize(width: 80, height: 24))
        #expect(large.lines.count == 40)
        #expect(large.lines[39].contains("q quit"))
        // The wider screen has room for a column the narrow one dropped.
        #expect(!small.screenText.contains("HANDLER"))
        #expect(large.screenText.contains("HANDLER"))
    }

    @Test("below the minimum size only a 'terminal too small' message is drawn")
    func tooSmall() {
        let store = Fixture.store()
        let grid = Render.screen(store, size: TerminalSize(width: 50, height: 12))
        #expect(grid.screenText.contains("terminal too small"))
        #expect(grid.screenText.contains("need \(ScreenLayout.minimum.width)x\(ScreenLayout.minimum.height)"))
        #expect(!grid.screenText.contains("Listeners"))
    }

    @Test("vt100 / NO_COLOR: no colour attribute anywhere and ASCII-only borders")
    func colourless() {
        let store = Fixture.store()
        Fixture.request(store, "GET", "/v1.14/version")
        Fixture.request(store, "GET", "/v1.14/containers/nope/json", route: "/containers/{name:.*}/json", status: 404)
        let grid = Render.screen(store, capabilities: Render.vt100)
        #expect(!grid.usesColor)
        #expect(grid.screenText.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(grid.lines[2].hasPrefix("+ 1 Listeners --"))
        #expect(grid.lines[2].hasSuffix("-+"))
        // Status is still marked by a symbol, not only by colour.
        #expect(grid.screenText.contains("! 404"))
        #expect(grid.screenText.contains("+ 200"))

        let noColor = TerminalCapabilities.detect(
            environment: ["TERM": "xterm-256color", "NO_COLOR": "1"], terminalHasColors: true, utf8Locale: true)
        #expect(!noColor.colors)
        #expect(!Render.screen(store, capabilities: noColor).usesColor)
        #expect(Render.screen(store).usesColor)
    }

    @Test("z zooms the focused pane to the whole body")
    func zoom() {
        let store = Fixture.store()
        var model = DashboardModel(size: TerminalSize(width: 80, height: 24))
        Render.press([.character("2"), .character("z")], &model, store)
        let text = Render.screen(store, model: model).screenText
        #expect(text.contains("2 Routes"))
        #expect(!text.contains("1 Listeners"))
        #expect(!text.contains("3 Requests"))
        // All nine routes fit once zoomed.
        for (_, template, _) in Fixture.routes { #expect(text.contains(template), "\(template)") }
    }

    @Test("? shows the help overlay; any key closes it")
    func help() {
        let store = Fixture.store()
        var model = DashboardModel(size: TerminalSize(width: 80, height: 24))
        Render.press([.character("?")], &model, store)
        let text = Render.screen(store, model: model).screenText
        #expect(text.contains("activate: run acceptconnections"))
        #expect(text.contains("toggle buffering"))
        Render.press([.character("x")], &model, store)
        #expect(!Render.screen(store, model: model).screenText.contains("toggle buffering"))
    }

    @Test("hostile text from the wire cannot move the layout or reach the terminal as control bytes")
    func hostileText() {
        let store = Fixture.store()
        Fixture.request(store, "GET", "/v1.14/\u{1b}[2J\u{07}evil/漢字/\u{0301}x")
        let grid = Render.screen(store, size: TerminalSize(width: 120, height: 30))
        #expect(!grid.screenText.contains("\u{1b}"))
        #expect(!grid.screenText.contains("漢"))
        #expect(grid.screenText.contains("evil"))
        #expect(grid.lines.allSatisfy { $0.count <= 120 })
    }
}
