import Foundation
import Testing
import TestSupport
@testable import Runtime

@Suite("Container store: restart policies")
struct ContainerStoreRestartPolicyTests {
    @Test("on-failure restarts a failing container up to its maximum; a zero exit is not restarted")
    func onFailure() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let failing = try await store.create(
            name: nil, config: ContainerFixture.config(["exit", "1"]),
            hostConfig: ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "on-failure", MaximumRetryCount: 2)))
        try await store.start(failing)
        try await waitUntil(timeout: 5) { fixture.driver.specs.filter { $0.containerID == failing }.count == 3 }
        try await Task.sleep(for: .milliseconds(600))
        #expect(fixture.driver.specs.filter { $0.containerID == failing }.count == 3)
        let record = try await store.inspect(failing).record
        #expect(record.RestartCount == 2 && record.State.Status == .exited && record.State.ExitCode == 1)

        let succeeding = try await store.create(
            name: nil, config: ContainerFixture.config(["exit", "0"]),
            hostConfig: ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "on-failure")))
        try await store.start(succeeding)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await store.inspect(succeeding).record.RestartCount == 0)
    }

    @Test("always restarts after an exit, but not after docker stop")
    func always() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        let id = try await store.create(
            name: nil, config: ContainerFixture.config(), hostConfig: ContainerHostConfig(RestartPolicy: RestartPolicy(Name: "always")))
        try await store.start(id)
        let first = try #require(fixture.driver.process(id))
        first.exit(0)
        try await waitUntil(timeout: 5) { fixture.driver.process(id) !== first }
        try await waitUntil(timeout: 5) { store.usage.isRunning(id) }
        #expect(try await store.inspect(id).record.RestartCount == 1)
        try await store.stop(id)
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await store.inspect(id).record.State.Status == .exited)
        #expect(fixture.driver.specs.count == 2)
    }
}
