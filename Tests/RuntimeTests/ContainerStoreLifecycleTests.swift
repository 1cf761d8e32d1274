import Errdefs
import Foundation
import Testing
import TestSupport
@testable import Runtime

@Suite("Container store: start, stop, kill, pause, wait, remove, events")
struct ContainerStoreLifecycleTests {
    @Test("start → running with the process's PID; exit → exited with code, time and a die event")
    func startAndExit() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let events = EventLog(fixture.events)
        let id = try await store.create(name: "job", config: ContainerFixture.config(), hostConfig: .init())
        try await store.start(id)
        let process = try #require(fixture.driver.process(id))
        var state = try await store.inspect(id).record.State
        #expect(state.Status == .running && state.Pid == process.pid && state.StartedAt != nil)
        await #expect { try await store.start(id) } throws: { $0.errorKind == .notModified }

        process.exit(3)
        #expect(try await store.wait(id) == 3)
        state = try await store.inspect(id).record.State
        #expect(state.Status == .exited && state.ExitCode == 3 && state.Pid == 0 && state.FinishedAt != nil)
        try await events.waitFor("die")
        #expect(events.events("die").first?.attributes == ["exitCode": "3", "name": "job", "image": "app"])
        #expect(events.actions == ["create", "start", "die"])
        #expect(events.events("create").first?.actorID == id)
    }

    @Test("stop: the stop signal, SIGKILL after the timeout; 304 when not running; kill 409 when not running")
    func stopAndKill() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let events = EventLog(fixture.events)

        let polite = try await store.create(name: nil, config: ContainerFixture.config { $0.StopSignal = "SIGUSR1" }, hostConfig: .init())
        try await store.start(polite)
        try await store.stop(polite)
        #expect(fixture.driver.process(polite)?.signals == [SIGUSR1])
        #expect(try await store.inspect(polite).record.State.ExitCode == 128 + SIGUSR1)
        await #expect { try await store.stop(polite) } throws: { $0.errorKind == .notModified }

        let stubborn = try await store.create(name: "stubborn", config: ContainerFixture.config(["stubborn"]), hostConfig: .init())
        try await store.start(stubborn)
        let started = Date()
        try await store.stop(stubborn, timeout: 1)
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(fixture.driver.process(stubborn)?.signals == [SIGTERM, SIGKILL])
        let state = try await store.inspect(stubborn).record.State
        #expect(state.Status == .exited && state.ExitCode == 137)
        try await events.waitFor("stop", count: 2)
        #expect(events.events("kill").filter { $0.actorID == stubborn }.map { $0.attributes["signal"] } == ["15", "9"])

        await #expect { try await store.kill("stubborn") } throws: {
            $0.errorKind == .conflict && "\($0)" == "cannot kill container: stubborn: container \(stubborn) is not running"
        }
        try await store.start(stubborn)
        await #expect { try await store.kill(stubborn, signal: "SIGNOPE") } throws: { $0.errorKind == .invalidParameter && "\($0)" == "Invalid signal: SIGNOPE" }
        try await store.kill(stubborn, signal: "hup")
        try await store.kill(stubborn, signal: "9")
        #expect(fixture.driver.process(stubborn)?.signals == [SIGHUP, SIGKILL])
        #expect(try await store.inspect(stubborn).record.State.Status == .exited)
    }

    @Test("a process that ends just as it is signalled: stop succeeds, kill says it is not running")
    func signalRace() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let stopped = try await store.create(name: nil, config: ContainerFixture.config(["vanishing"]), hostConfig: .init())
        try await store.start(stopped)
        try await store.stop(stopped)
        #expect(try await store.inspect(stopped).record.State.Status == .exited)
        let killed = try await store.create(name: "killed", config: ContainerFixture.config(["vanishing"]), hostConfig: .init())
        try await store.start(killed)
        await #expect { try await store.kill("killed") } throws: { $0.errorKind == .conflict && "\($0)".contains("is not running") }
        #expect(try await store.inspect(killed).record.State.Status == .exited)
    }

    @Test("pause/unpause: 409 when not running or not paused; stop thaws a paused container; restart")
    func pauseAndRestart() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let events = EventLog(fixture.events)
        let id = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        await #expect { try await store.pause(id) } throws: { $0.errorKind == .conflict && "\($0)" == "Container \(id) is not running" }
        try await store.start(id)
        await #expect { try await store.unpause(id) } throws: { $0.errorKind == .conflict && "\($0)" == "Container \(id) is not paused" }
        try await store.pause(id)
        #expect(fixture.driver.process(id)?.isPaused == true)
        #expect(try await store.inspect(id).record.State.Status == .paused)
        await #expect { try await store.pause(id) } throws: { $0.errorKind == .conflict && "\($0)" == "Container \(id) is already paused" }
        await #expect { try await store.start(id) } throws: { $0.errorKind == .conflict }
        let name = try await store.inspect(id).record.Name
        await #expect { try await store.remove(id) } throws: {
            "\($0)" == "cannot remove container \"\(name)\": container is paused: unpause and then stop the container before removing or force remove"
        }
        try await store.unpause(id)
        #expect(try await store.inspect(id).record.State.Status == .running)

        let first = try #require(fixture.driver.process(id))
        try await store.restart(id, timeout: 5)
        let second = try #require(fixture.driver.process(id))
        #expect(first !== second && first.hasExited && !second.hasExited)
        #expect(try await store.inspect(id).record.State.Status == .running)

        try await store.pause(id)
        try await store.stop(id, timeout: 5)
        #expect(try await store.inspect(id).record.State.Status == .exited)
        try await events.waitFor("stop", count: 2)
        #expect(events.actions == ["create", "start", "pause", "unpause", "kill", "die", "stop", "start", "restart",
                                   "pause", "kill", "die", "stop"])
    }

    @Test("wait: not-running returns at once for a stopped container; next-exit and removed wait, even registered before start")
    func waitConditions() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        #expect(try await store.wait(id, condition: .notRunning) == 0)

        let nextExit = try await store.waiter(id, condition: .nextExit)
        let removed = try await store.waiter(id, condition: .removed)
        let early = Task { await nextExit.exitCode() }
        let late = Task { await removed.exitCode() }
        try await store.start(id)
        let notRunning = try await store.waiter(id, condition: .notRunning)
        fixture.driver.process(id)?.exit(42)
        #expect(await early.value == 42)
        #expect(await notRunning.exitCode() == 42)
        try await Task.sleep(for: .milliseconds(50))
        #expect(!removed.latch!.isResolved)
        try await store.remove(id)
        #expect(await late.value == 42)

        // A waiter whose client goes away (its task is cancelled) stops waiting at once.
        let other = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        let abandoned = try await store.waiter(other, condition: .removed)
        let waiting = Task { await abandoned.exitCode() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value == -1)

        #expect(throws: DaemonError.self) { try WaitCondition(parameter: "sometime") }
        #expect(try WaitCondition(parameter: "") == .notRunning)
        await #expect { try await store.waiter("gone", condition: .nextExit) } throws: { $0.errorKind == .notFound }
    }

    @Test("remove: 409 while running without force; force kills; AutoRemove removes on exit; destroy event")
    func remove() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let events = EventLog(fixture.events)
        let id = try await store.create(name: "busy", config: ContainerFixture.config(), hostConfig: .init())
        try await store.start(id)
        await #expect { try await store.remove("busy") } throws: {
            $0.errorKind == .conflict && "\($0)" == "cannot remove container \"/busy\": container is running: stop the container before removing or force remove"
        }
        let directory = fixture.root.appendingPathComponent(id)
        #expect(FileManager.default.fileExists(atPath: directory.path))
        try await store.remove("busy", force: true)
        #expect(fixture.driver.process(id)?.signals == [SIGKILL])
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(fixture.driver.unmounted == [directory.appendingPathComponent("rootfs").path])
        await #expect { try await store.inspect(id) } throws: { $0.errorKind == .notFound }
        // The name is free again.
        _ = try await store.create(name: "busy", config: ContainerFixture.config(), hostConfig: .init())

        let once = try await store.create(name: nil, config: ContainerFixture.config(["exit", "7"]), hostConfig: .init(AutoRemove: true))
        let removed = try await store.waiter(once, condition: .removed)
        try await store.start(once)
        #expect(await removed.exitCode() == 7)
        await #expect { try await store.inspect(once) } throws: { $0.errorKind == .notFound }
        try await events.waitFor("destroy", count: 2)
        #expect(events.events("destroy").map(\.actorID) == [id, once])

        // A failed start of an AutoRemove container removes it too (docker run --rm waits for the removal).
        let broken = try await store.create(name: nil, config: ContainerFixture.config(["nosuch"]), hostConfig: .init(AutoRemove: true))
        let brokenRemoved = try await store.waiter(broken, condition: .removed)
        await #expect { try await store.start(broken) } throws: { $0.errorKind == .invalidParameter }
        #expect(await brokenRemoved.exitCode() == 127)
    }

    @Test("a failed start leaves the container created with the reason; an unavailable driver runs nothing")
    func failedStarts() async throws {
        let fixture = try await ContainerFixture(driver: FakeContainerDriver(unavailable: "containers need root"))
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        await #expect { try await store.start(id) } throws: { $0.errorKind == .system && "\($0)" == "containers need root" }
        #expect(fixture.driver.specs.isEmpty)
        #expect(try await store.inspect(id).record.State.Status == .created)

        let working = try await ContainerFixture()
        defer { working.remove() }
        let other = try await working.open()
        let broken = try await other.create(name: nil, config: ContainerFixture.config(["nosuch"]), hostConfig: .init())
        await #expect { try await other.start(broken) } throws: { "\($0)".contains("executable file not found") }
        let state = try await other.inspect(broken).record.State
        #expect(state.Status == .created && state.ExitCode == 127 && state.Error.contains("executable file not found"))
    }

    @Test("attach before start gets the output and delivers stdin once the process runs")
    func attachBeforeStart() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(name: nil, config: ContainerFixture.config(["cat"]) {
            $0.OpenStdin = true
            $0.StdinOnce = true
        }, hostConfig: .init())
        let attachment = try await store.attach(id, stdin: true)
        #expect(attachment.tty == false)
        try await attachment.session.writeStdin(Array("early\n".utf8))
        await attachment.session.closeStdin()
        let collected = Task { () -> String in
            var text = ""
            for await chunk in attachment.session.output { text += String(decoding: chunk.bytes, as: UTF8.self) }
            return text
        }
        try await store.start(id)
        let process = try #require(fixture.driver.process(id))
        try await waitUntil { process.stdinClosed }
        #expect(process.stdinReceived == "early\n")
        process.emit("early\n")
        process.exit(0)
        #expect(await collected.value == "early\n")

        // A process too quick to be attached to: the client gets that run's output from the log.
        let quick = try await store.create(name: nil, config: ContainerFixture.config(["unattachable"]), hostConfig: .init())
        let late = try await store.attach(quick, stdin: false)
        let replayed = Task { () -> String in
            var text = ""
            for await chunk in late.session.output { text += String(decoding: chunk.bytes, as: UTF8.self) }
            return text
        }
        try await store.start(quick)
        let line = #"{"log":"quick\n","stream":"stdout","time":"\#(ContainerDetails.timestamp(Date()))"}"# + "\n"
        try Data(line.utf8).write(to: fixture.root.appendingPathComponent(quick).appendingPathComponent("json.log"))
        fixture.driver.process(quick)?.exit(0)
        #expect(await replayed.value == "quick\n")

        // Paused containers refuse attach.
        let other = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        try await store.start(other)
        try await store.pause(other)
        await #expect { try await store.attach(other, stdin: false) } throws: { $0.errorKind == .conflict }
    }
}

@Suite("Container store: changes")
struct ContainerStoreChangesTests {
    @Test("changes come from the writable directory; the runtime's /etc files are hidden as Docker hides them")
    func changes() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        try await store.start(id)
        let upper = fixture.root.appendingPathComponent(id).appendingPathComponent("diff")
        try FileManager.default.createDirectory(at: upper.appendingPathComponent("etc"), withIntermediateDirectories: true)
        for file in ["etc/hostname", "etc/hosts", "etc/resolv.conf", "made"] {
            try Data("x\n".utf8).write(to: upper.appendingPathComponent(file))
        }
        #expect(try await store.changes(id) == [FilesystemChange(path: "/made", kind: .added)])
        try Data("changed\n".utf8).write(to: upper.appendingPathComponent("etc/app"))
        #expect(try await store.changes(id) == [
            FilesystemChange(path: "/etc", kind: .modified), FilesystemChange(path: "/etc/app", kind: .modified),
            FilesystemChange(path: "/made", kind: .added),
        ])
    }
}
