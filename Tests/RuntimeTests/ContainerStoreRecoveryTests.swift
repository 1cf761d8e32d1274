import Errdefs
import Foundation
import Testing
@testable import Runtime

@Suite("Container store: persistence, recovery, image usage")
struct ContainerStoreRecoveryTests {
    @Test("records survive a reload; a corrupt record is skipped with a warning")
    func persistence() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(name: "keep", config: ContainerFixture.config(["exit", "4"]) { $0.Env = ["X=1"] },
                                        hostConfig: .init(RestartPolicy: RestartPolicy(Name: "no")))
        try await store.start(id)
        _ = try await store.wait(id)
        let before = try await store.inspect(id).record
        let bad = String(repeating: "b", count: 64)
        try FileManager.default.createDirectory(at: fixture.root.appendingPathComponent(bad), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: fixture.root.appendingPathComponent(bad).appendingPathComponent("config.json"))

        let reopened = try await fixture.open()
        let after = try await reopened.inspect("keep").record
        #expect(after.ID == id && after.Config.Env == before.Config.Env && after.State == before.State)
        #expect(after.State.Status == .exited && after.State.ExitCode == 4)
        #expect(after.Created == before.Created && after.HostConfig == before.HostConfig)
        #expect(try await reopened.list(all: true).count == 1)
        #expect(fixture.logs.warnings.contains { $0.contains("corrupt record") && $0.contains(bad) })
        await #expect { try await reopened.create(name: "keep", config: ContainerFixture.config(), hostConfig: .init()) } throws: {
            $0.errorKind == .conflict
        }
    }

    @Test("after a restart: still running → running and stoppable; exited meanwhile → its code and a die event; lost → 255")
    func recovery() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        var ids: [String] = []
        for name in ["alive", "ended", "lost"] {
            let id = try await store.create(name: name, config: ContainerFixture.config(), hostConfig: .init())
            try await store.start(id)
            ids.append(id)
        }
        try await store.pause(ids[0])

        // The daemon "dies": a new store, a new driver that finds what the supervisors left.
        let driver = FakeContainerDriver()
        let survivor = FakeContainerProcess(spec: fixture.driver.process(ids[0])!.spec)
        driver.setRecovery(ids[0], .running(survivor))
        let finished = Date(timeIntervalSince1970: 1_700_000_000)
        driver.setRecovery(ids[1], .exited(ExitStatus(code: 9, finishedAt: finished)))
        let events = EventLog(fixture.events)
        let reopened = try await fixture.open(driver: driver)

        let alive = try await reopened.inspect("alive").record.State
        #expect(alive.Status == .paused && alive.Pid == survivor.pid)
        try await reopened.unpause("alive")
        try await reopened.stop("alive")
        #expect(survivor.signals == [SIGTERM])
        #expect(try await reopened.inspect("alive").record.State.Status == .exited)

        let ended = try await reopened.inspect("ended").record.State
        #expect(ended.Status == .exited && ended.ExitCode == 9 && ended.FinishedAt == finished)
        let lost = try await reopened.inspect("lost").record.State
        #expect(lost.Status == .exited && lost.ExitCode == 255)
        #expect(fixture.logs.warnings.contains { $0.contains(ids[2]) })
        try await events.waitFor("die", count: 3)
        #expect(Set(events.events("die").map(\.actorID)) == Set(ids))
    }

    @Test("the usage index answers the image store: running containers block deletion, stopped ones unless forced")
    func imageUsage() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        await fixture.imageStore.setUsageCheck { [usage = store.usage] in usage.users(of: $0) }
        let imageID = try await fixture.imageStore.resolve("app")
        let id = try await store.create(name: nil, config: ContainerFixture.config(), hostConfig: .init())
        #expect(store.usage.users(of: imageID) == [ImageUser(containerID: id, running: false)])
        try await store.start(id)
        #expect(store.usage.users(of: imageID) == [ImageUser(containerID: id, running: true)])
        #expect(store.usage.isRunning(id))
        await #expect { try await fixture.imageStore.delete(imageID, force: true) } throws: {
            $0.errorKind == .conflict && "\($0)".contains("cannot be forced") && "\($0)".contains(String(id.prefix(12)))
        }
        try await store.stop(id)
        #expect(store.usage.users(of: imageID) == [ImageUser(containerID: id, running: false)])
        await #expect { try await fixture.imageStore.delete(imageID) } throws: { $0.errorKind == .conflict }
        try await store.remove(id)
        #expect(store.usage.users(of: imageID).isEmpty)
        _ = try await fixture.imageStore.delete("app")
    }
}
