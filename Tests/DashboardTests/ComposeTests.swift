import Dashboard
import Foundation
import TestSupport
import Testing
import Traffic

@Suite("Composer")
struct ComposeTests {
    private let size = TerminalSize(width: 100, height: 30)

    @Test("Enter on a route opens the form; {vars} must be filled before sending")
    func routeForm() {
        let store = Fixture.store()
        var model = DashboardModel(size: size)
        let index = Fixture.routeID("/containers/{name:.*}/json")
        Render.press([.character("2")] + Array(repeating: .down, count: index) + [.enter], &model, store)
        guard case .compose(let form) = model.overlay else {
            Issue.record("no composer: \(model.overlay)")
            return
        }
        #expect(form.variables.map(\.name) == ["name"])
        #expect(Render.screen(store, model: model, size: size).screenText.contains("{name}"))
        let refused = Render.press([.enter], &model, store)
        #expect(refused.isEmpty)
        #expect(Render.screen(store, model: model, size: size).screenText.contains("fill {name} first"))
        let sent = Render.press(Render.type("web") + [.down] + Render.type("all=1") + [.enter], &model, store)
        #expect(sent == [.send(ComposedRequest(
            token: 1, method: "GET", target: "/v1.14/containers/web/json?all=1", headers: [], body: [],
            listener: Fixture.unix))])
    }

    @Test("typing a method and path makes a custom request; ←→ picks the listener")
    func customForm() {
        let store = Fixture.store()
        var model = DashboardModel(size: size)
        Render.press([.character("r"), .down, .backspace, .backspace, .backspace] + Render.type("POST"), &model, store)
        Render.press([.down, .control("u")] + Render.type("/v1.14/containers/create"), &model, store)
        Render.press([.down, .down] + Render.type(#"{"Image":"busybox"}"#) + [.down, .right], &model, store)
        let actions = Render.press([.enter], &model, store)
        #expect(actions == [.send(ComposedRequest(
            token: 1, method: "POST", target: "/v1.14/containers/create",
            headers: [HeaderField("Content-Type", "application/json")], body: Array(#"{"Image":"busybox"}"#.utf8),
            listener: Fixture.tcp))])
    }

    @Test("e on a logged request pre-fills route, vars, query, body and listener")
    func editLogged() {
        let store = Fixture.store()
        Fixture.request(store, "POST", "/v1.14/containers/web/attach?stream=1", listener: Fixture.tcp,
                        route: "/containers/{name:.*}/attach", vars: ["version": "1.14", "name": "web"], body: "{}")
        var model = DashboardModel(size: size)
        Render.press([.character("e")], &model, store)
        guard case .compose(var form) = model.overlay else {
            Issue.record("no composer")
            return
        }
        #expect(form.method == "POST")
        #expect(form.variables.first?.value == "web")
        #expect(form.query == "stream=1")
        #expect(form.body == "{}")
        #expect(form.listener == Fixture.tcp)
        #expect(form.build(token: 9)?.target == "/v1.14/containers/web/attach?stream=1")
    }

    @Test("a composed request goes over the real listener and its response is shown, pretty-printed")
    func endToEnd() async throws {
        let dir = try TemporaryDirectory(prefix: "dtc")
        defer { dir.remove() }
        let socket = dir.file("d.sock")
        let server = try await UnixEchoServer(path: socket)
        defer { Task { await server.stop() } }
        let store = Fixture.store(socketPath: socket)
        let terminal = BufferTerminal(size: size, capabilities: Render.color)
        let index = Fixture.routeID("/containers/{name:.*}/json")
        terminal.pendingKeys = [.character("2")] + Array(repeating: .down, count: index)
            + [.enter, .down, .down, .down] + Render.type("web") + [.down] + Render.type("all=1") + [.enter]
        let app = DashboardApp(store: store, control: FakeControl(), options: DashboardOptions(handleSignals: false),
                               terminal: terminal)
        var idle = 0
        terminal.onIdle = {
            idle += 1
            usleep(2_000)
            if terminal.screen.screenText.contains("\"method\": \"GET\"") || idle > 2_500 { app.handle.requestStop() }
        }
        try await runOnOwnThread { try app.run() }
        let text = terminal.screen.screenText
        #expect(text.contains("✓ 200 OK"))
        #expect(text.contains("\"uri\": \"/v1.14/containers/web/json?all=1\""))
        #expect(text.contains("Content-Type: application/json"))
    }

    @Test("a listener nobody listens on gives a readable failure, not a crash")
    func unreachable() async throws {
        let store = Fixture.store(socketPath: "/tmp/dt-nobody-here.sock")
        let terminal = BufferTerminal(size: size, capabilities: Render.color)
        terminal.pendingKeys = [.character("r"), .enter]
        let app = DashboardApp(store: store, control: FakeControl(), options: DashboardOptions(handleSignals: false),
                               terminal: terminal)
        var idle = 0
        terminal.onIdle = {
            idle += 1
            usleep(2_000)
            if terminal.screen.screenText.contains("failed after") || idle > 2_500 { app.handle.requestStop() }
        }
        try await runOnOwnThread { try app.run() }
        #expect(terminal.screen.screenText.contains("cannot connect to unix:///tmp/dt-nobody-here.sock"))
    }
}

@Suite("Composer and a holding daemon")
struct ComposeHoldingTests {
    @Test("while the response waits on a held request, a activates without leaving the response view")
    func activateFromResponse() {
        let store = Fixture.store(holding: true)
        var model = DashboardModel(size: TerminalSize(width: 100, height: 30))
        let sent = Render.press([.character("r"), .enter], &model, store)
        #expect(sent.count == 1)
        #expect(Render.screen(store, model: model, size: model.size).screenText.contains("holding requests: a activates"))
        #expect(Render.press([.character("a")], &model, store) == [.activate])
        guard case .response = model.overlay else {
            Issue.record("the response view was left: \(model.overlay)")
            return
        }
        guard case .send(let request)? = sent.first else { return }
        model.receive(ComposeOutcome(
            token: request.token,
            result: .success(.init(status: 200, reason: "OK", headers: [], body: Array("OK".utf8), truncated: false)),
            elapsed: 0.5))
        #expect(Render.screen(store, model: model, size: model.size).screenText.contains("✓ 200 OK"))
        // A stale outcome (an earlier token) does not replace it.
        model.receive(ComposeOutcome(token: request.token - 1, result: .failure(ComposeFailure("old")), elapsed: 1))
        #expect(!Render.screen(store, model: model, size: model.size).screenText.contains("old"))
    }
}
