import Errdefs
import Foundation
import Testing
@testable import Runtime

@Suite("Container store: list and its filters")
struct ContainerStoreListTests {
    @Test("running only by default; all, limit, newest first; filters id, name, status, exited, label, ancestor, before, since")
    func filters() async throws {
        let fixture = try await ContainerFixture()
        defer { fixture.remove() }
        let store = try await fixture.open()
        try await fixture.images.importFiles(fixture.imageStore, ["other": "2"], repository: "other", changes: ["CMD [\"sleep\"]"])

        func make(_ name: String, image: String = "app", labels: [String: String] = [:]) async throws -> String {
            let id = try await store.create(name: name, config: ContainerFixture.config(image: image) { $0.Labels = labels }, hostConfig: .init())
            try await Task.sleep(for: .milliseconds(5))  // distinct creation times
            return id
        }
        let created = try await make("created", labels: ["tier": "web"])
        let running = try await make("running", labels: ["tier": "db"])
        let exited0 = try await make("exited0", image: "other")
        let exited3 = try await make("exited3")
        for id in [running, exited0, exited3] { try await store.start(id) }
        fixture.driver.process(exited0)?.exit(0)
        fixture.driver.process(exited3)?.exit(3)
        _ = try await store.wait(exited0)
        _ = try await store.wait(exited3)

        func names(all: Bool = false, limit: Int = -1, _ filters: [String: [String]] = [:]) async throws -> [String] {
            try await store.list(all: all, limit: limit, filters: try ContainerListFilters(filters)).map { $0.names[0] }
        }
        #expect(try await names() == ["/running"])
        #expect(try await names(all: true) == ["/exited3", "/exited0", "/running", "/created"])
        #expect(try await names(limit: 2) == ["/exited3", "/exited0"])
        #expect(try await names(all: true, ["status": ["exited"]]) == ["/exited3", "/exited0"])
        #expect(try await names(["status": ["created", "running"]]) == ["/running", "/created"])
        #expect(try await names(all: true, ["exited": ["3"]]) == ["/exited3"])
        #expect(try await names(all: true, ["label": ["tier"]]) == ["/running", "/created"])
        #expect(try await names(all: true, ["label": ["tier=db"]]) == ["/running"])
        #expect(try await names(all: true, ["ancestor": ["other"]]) == ["/exited0"])
        #expect(try await names(all: true, ["ancestor": ["app:latest"]]) == ["/exited3", "/running", "/created"])
        #expect(try await names(all: true, ["ancestor": ["nothing"]]) == [])
        #expect(try await names(all: true, ["name": ["exit"]]) == ["/exited3", "/exited0"])
        #expect(try await names(all: true, ["name": ["^run"]]) == ["/running"])
        #expect(try await names(all: true, ["id": [String(created.prefix(10))]]) == ["/created"])
        #expect(try await names(["before": ["exited0"]]) == ["/running", "/created"])
        #expect(try await names(["since": ["running"]]) == ["/exited3", "/exited0"])

        #expect(try await names(all: true, ["network": ["host"]]).count == 4)
        #expect(try await names(all: true, ["network": ["none"]]) == [])
        #expect(try await names(all: true, ["is-task": ["false"]]).count == 4)
        #expect(try await names(all: true, ["health": ["healthy"]]) == [])
        #expect(try await names(all: true, ["publish": ["80"]]) == [])
        #expect(throws: DaemonError.self) { try ContainerListFilters(["status": ["sleeping"]]) }
        #expect(throws: DaemonError.self) { try ContainerListFilters(["colour": ["blue"]]) }
        #expect(throws: DaemonError.self) { try ContainerListFilters(["exited": ["x"]]) }
        await #expect { try await store.list(filters: try ContainerListFilters(["before": ["nosuch"]])) } throws: { $0.errorKind == .notFound }

        let row = try #require(try await store.list(all: true, size: true).first { $0.id == exited3 })
        let imageID = try await fixture.imageStore.resolve("app")
        #expect(row.image == "app" && row.imageID == imageID)
        #expect(row.command == "sleep" && row.state == "exited" && row.status.hasPrefix("Exited (3) "))
        #expect(row.sizeRw == 0 && (row.sizeRootFs ?? 0) > 0)
        #expect(try await store.list().first?.status.hasPrefix("Up ") == true)
        #expect(try await store.list(all: true).last?.status == "Created")
    }

    @Test("top reads ps's table: the container's PIDs kept, the last column whole, no PID column refused")
    func psTable() throws {
        let output = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 10:00 ?        00:00:01 /sbin/init splash
            root        4242    4241  0 10:01 ?        00:00:00 sleep 100
            nobody      4250    4242  0 10:01 ?        00:00:00 sh -c echo  two  spaces
            """
        let top = try PSCommand.table(output, keeping: [4242, 4250])
        #expect(top.titles == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
        #expect(top.processes == [
            ["root", "4242", "4241", "0", "10:01", "?", "00:00:00", "sleep 100"],
            ["nobody", "4250", "4242", "0", "10:01", "?", "00:00:00", "sh -c echo  two  spaces"],
        ])
        #expect(throws: DaemonError.self) { try PSCommand.table("USER COMMAND\nroot init\n", keeping: [1]) }
    }

    @Test("Docker's human durations")
    func durations() {
        #expect(HumanDuration.text(0.5) == "Less than a second")
        #expect(HumanDuration.text(1) == "1 second")
        #expect(HumanDuration.text(59) == "59 seconds")
        #expect(HumanDuration.text(90) == "About a minute")
        #expect(HumanDuration.text(600) == "10 minutes")
        #expect(HumanDuration.text(3700) == "About an hour")
        #expect(HumanDuration.text(5 * 3600) == "5 hours")
        #expect(HumanDuration.text(3 * 86400) == "3 days")
    }
}
