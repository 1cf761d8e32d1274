import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite("Freezer cgroups")
struct ContainerCgroupTests {
    /// The hierarchies this host has: v1's freezer and/or a cgroup2 mount (unified or hybrid).
    static func freezers(id: String) -> [CgroupFreezer] {
        var found: [CgroupFreezer] = []
        if let v1 = CgroupFreezer.forContainer(id), v1.version == .v1 { found.append(v1) }
        for root in ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"]
        where FileManager.default.fileExists(atPath: root + "/cgroup.controllers") {
            found.append(CgroupFreezer(path: "\(root)/daemon-tui/\(id)", version: .v2))
        }
        return found
    }

    @Test("v1 and v2: a frozen process makes no progress, a thawed one does; the cgroup lists it")
    func freezeAndThaw() async throws {
        guard geteuid() == 0 else { print("skipping: cgroups need root"); return }
        let id = "test-\(UInt32.random(in: 0...UInt32.max))"
        let freezers = Self.freezers(id: id)
        guard !freezers.isEmpty else { print("skipping: no freezer cgroup on this host"); return }
        for freezer in freezers {
            let directory = try TemporaryDirectory(prefix: "cg")
            defer { directory.remove() }
            let counter = directory.file("count")
            let child = try ChildProcess("/bin/sh", ["-c", "while :; do echo x >> \(counter); sleep 0.01; done"], environment: [:])
            defer {
                // Thawed first: a frozen process cannot die, so a failure between freeze and thaw would
                // otherwise leave the kill waiting on it.
                try? freezer.thaw()
                child.signal(SIGKILL)
                _ = child.waitBlocking(timeout: 5)
                freezer.remove()
            }
            try freezer.create()
            try freezer.add(child.pid)
            #expect(try freezer.processIDs().contains(child.pid), "\(freezer.version)")
            func size() -> Int { (try? FileManager.default.attributesOfItem(atPath: counter)[.size] as? Int) ?? 0 }
            try await waitUntil { size() > 4 }
            try freezer.freeze()
            #expect(try freezer.isFrozen())
            let frozen = size()
            try await Task.sleep(for: .milliseconds(300))
            #expect(size() == frozen, "\(freezer.version) kept running while frozen")
            try freezer.thaw()
            try await waitUntil { size() > frozen + 4 }
        }
    }
}
