import Dashboard
import Foundation
import Testing
import Traffic

@Suite("App loop: keys to daemon actions, redraw policy")
struct AppLoopTests {
    private func app(_ store: TrafficStore, _ control: FakeControl, _ terminal: BufferTerminal, signals: Bool = false) -> DashboardApp {
        DashboardApp(store: store, control: control, options: DashboardOptions(handleSignals: signals), terminal: terminal)
    }

    @Test("a activates, b toggles buffering, q requests shutdown and ends run() with the terminal restored")
    func keysReachTheDaemon() async throws {
        let store = Fixture.store()
        let control = FakeControl()
        let terminal = BufferTerminal(size: TerminalSize(width: 80, height: 24), capabilities: Render.color)
        terminal.pendingKeys = [.character("a"), .character("b"), .character("q")]
        let app = app(store, control, terminal)
        try await runOnOwnThread { try app.run() }
        #expect(control.calls == [.activate, .setBuffering(true), .shutdown])
        #expect(terminal.ended)
    }

    @Test("b turns buffering off when it is on; Ctrl-C quits like q")
    func bufferingOff() async throws {
        let store = Fixture.store(holding: true)
        let control = FakeControl()
        let terminal = BufferTerminal(size: TerminalSize(width: 80, height: 24), capabilities: Render.color)
        terminal.pendingKeys = [.character("b"), .control("c")]
        let app = app(store, control, terminal)
        try await runOnOwnThread { try app.run() }
        #expect(control.calls == [.setBuffering(false), .shutdown])
    }

    @Test("the screen is redrawn when the feed changes and not otherwise")
    func redrawOnlyOnChange() async throws {
        let store = TrafficStore()
        store.setIdentity(DaemonIdentity(version: "1", apiVersion: "1.14", pid: 1, dataRoot: "/d", dockerHost: nil))
        let control = FakeControl()
        let terminal = BufferTerminal(size: TerminalSize(width: 80, height: 24), capabilities: Render.color)
        let app = app(store, control, terminal)
        var idle = 0
        var settled = 0
        var quiet = 0
        terminal.onIdle = {
            idle += 1
            usleep(5_000)
            if idle == 10 { settled = app.framesDrawn }
            if idle == 40 {
                quiet = app.framesDrawn
                store.setActivation(ActivationRecord(holding: false, bufferingEnabled: false, activeSince: Date()))
            }
            if idle == 70 { app.handle.requestStop() }
        }
        try await runOnOwnThread { try app.run() }
        #expect(settled >= 1)
        #expect(quiet == settled, "no redraw while nothing changes")
        #expect(app.framesDrawn == quiet + 1, "one redraw for one change")
        #expect(terminal.screen.lines[1].contains("ACTIVE since"))
        #expect(control.calls.isEmpty, "requestStop is not a shutdown request")
    }

    @Test("redraws are throttled to 20 per second under a flood of changes")
    func throttled() async throws {
        let store = Fixture.store()
        let terminal = BufferTerminal(size: TerminalSize(width: 80, height: 24), capabilities: Render.color)
        let app = app(store, FakeControl(), terminal)
        var idle = 0
        let start = Date()
        terminal.onIdle = {
            idle += 1
            Fixture.request(store, "GET", "/v1.14/r\(idle)")
            usleep(2_000)
            if idle == 300 { app.handle.requestStop() }
        }
        try await runOnOwnThread { try app.run() }
        let seconds = Date().timeIntervalSince(start)
        #expect(app.framesDrawn <= Int(seconds * 20) + 2)
        #expect(app.framesDrawn >= 2)
        #expect(terminal.screen.screenText.contains("/v1.14/r"))
    }

    @Test("a resize relays the screen out at the new size")
    func resize() async throws {
        let store = Fixture.store()
        let terminal = BufferTerminal(size: TerminalSize(width: 80, height: 24), capabilities: Render.color)
        let app = app(store, FakeControl(), terminal)
        var idle = 0
        terminal.onIdle = {
            idle += 1
            usleep(2_000)
            if idle == 5 { terminal.resize(to: TerminalSize(width: 132, height: 43)) }
            if idle == 60 { app.handle.requestStop() }
        }
        try await runOnOwnThread { try app.run() }
        #expect(terminal.screen.lines.count == 43)
        #expect(terminal.screen.lines[42].contains("q quit"))
        #expect(terminal.screen.screenText.contains("HANDLER"))
    }

    @Test("SIGTERM while running: graceful shutdown requested, terminal restored, run() returns")
    func sigterm() async throws {
        let store = Fixture.store()
        let control = FakeControl()
        let terminal = BufferTerminal(size: TerminalSize(width: 80, height: 24), capabilities: Render.color)
        let app = app(store, control, terminal, signals: true)
        var idle = 0
        terminal.onIdle = {
            idle += 1
            usleep(2_000)
            if idle == 3 { kill(getpid(), SIGTERM) }
            if idle == 2_000 { app.handle.requestStop() }
        }
        try await runOnOwnThread { try app.run() }
        #expect(control.calls == [.shutdown])
        #expect(terminal.ended)
        #expect(idle < 2_000)
    }
}

@Suite("Start-up")
struct StartupTests {
    @Test("without a terminal, run() throws notATerminal before touching the screen or the daemon")
    func notATerminal() throws {
        guard !CursesTerminal.isAvailable else {
            // Run from an interactive shell: starting curses here would take over the developer's terminal.
            return
        }
        let control = FakeControl()
        let app = DashboardApp(store: Fixture.store(), control: control, options: DashboardOptions(handleSignals: false))
        #expect(throws: TerminalError.notATerminal) { try app.run() }
        #expect(control.calls.isEmpty)
        #expect("\(TerminalError.notATerminal)".contains("--headless"))
    }
}
