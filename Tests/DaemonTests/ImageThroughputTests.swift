import Foundation
import Synchronization
import Testing
import TestSupport

@Suite(
    "A large image does not stall the API", .enabled(if: DockerCLI.available, "the docker CLI is not installed"))
struct ImageThroughputTests {
    static let megabytes = 64

    @Test("import, save and load a large image: /_ping answers within a second throughout, memory stays flat")
    func largeImage() async throws {
        let directory = try TemporaryDirectory(prefix: "dtl")
        defer { directory.remove() }
        let tree = directory.file("tree")
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        // Random bytes so that nothing on the way can shortcut them (compression, sparse files).
        let made = try await Command.run("sh", ["-c", "head -c \(Self.megabytes)M /dev/urandom > \(tree)/blob && tar -C \(tree) -cf \(directory.file("big.tar")) ."])
        #expect(made.status == 0, "\(made.stderr)")
        let first = try await ImageTestDaemon.start()
        let second = try await ImageTestDaemon.start()
        let baselines = [first, second].map { Self.residentMegabytes($0.process.pid, field: "VmRSS") }

        // Three imports at once: more blocking work than the cooperative pool has threads (2 on this machine).
        let (imported, importPings) = try await Self.whilePinging(first) {
            try await withThrowingTaskGroup(of: CommandResult.self) { group in
                for tag in 1...3 {
                    group.addTask { try await first.docker(["import", directory.file("big.tar"), "big:\(tag)"], timeout: 120) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(imported.allSatisfy { $0.status == 0 }, "\(imported.map(\.stderr))")
        let archive = directory.file("saved.tar")
        let (saved, savePings) = try await Self.whilePinging(first) {
            try await first.docker(["save", "-o", archive, "big:1"], timeout: 120)
        }
        #expect(saved.status == 0, "\(saved.stderr)")
        let (loaded, loadPings) = try await Self.whilePinging(second) {
            try await second.docker(["load", "-i", archive], timeout: 120)
        }
        #expect(loaded.stdout.contains("Loaded image: big:1"), "\(loaded.stderr)")

        for (name, pings) in [("3 concurrent imports", importPings), ("save", savePings), ("load", loadPings)] {
            #expect(pings.latencies.count >= 1, "no /_ping during \(name)")
            #expect(pings.failures == 0, "\(pings.failures) failed pings during \(name)")
            #expect(pings.worst < 1.0, "slowest /_ping during \(name): \(pings.worst) s")
            print("[images] \(name) of \(Self.megabytes) MB: \(String(format: "%.2f", pings.elapsed)) s, "
                + "\(pings.latencies.count) pings, slowest \(String(format: "%.0f", pings.worst * 1000)) ms")
        }
        for (daemon, baseline) in zip([first, second], baselines) {
            let peak = Self.residentMegabytes(daemon.process.pid, field: "VmHWM")
            print("[images] daemon RSS: \(baseline) MB at start, \(peak) MB at peak")
            // A body or layer held whole in memory would add at least the image's size.
            #expect(peak - baseline < Self.megabytes, "RSS grew from \(baseline) to \(peak) MB: bodies must stream")
        }
        #expect(await first.stop() == 0)
        #expect(await second.stop() == 0)
    }

    struct Pings: Sendable {
        var latencies: [Double] = []
        var failures = 0
        var elapsed: Double = 0
        var worst: Double { latencies.max() ?? 0 }
    }

    /// Runs `operation` while a separate thread sends `GET /_ping` every 100 ms on a keep-alive connection.
    static func whilePinging<T: Sendable>(
        _ daemon: ImageTestDaemon, _ operation: () async throws -> T
    ) async throws -> (T, Pings) {
        let done = StopFlag()
        let socket = daemon.socket
        let started = Date()
        async let pinging = offload { () throws -> Pings in
            var pings = Pings()
            var connection = try? RawConnection(unixPath: socket)
            while !done.isSet {
                let sent = Date()
                do {
                    guard let open = connection else { throw ImageTestFailure("not connected") }
                    try open.send("GET /_ping HTTP/1.1\r\nHost: d\r\n\r\n")
                    let response = try open.readResponse(timeout: 10)
                    if response.status != 200 { pings.failures += 1 }
                    pings.latencies.append(Date().timeIntervalSince(sent))
                } catch {
                    pings.failures += 1
                    connection = try? RawConnection(unixPath: socket)
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return pings
        }
        let result: T
        do {
            result = try await operation()
        } catch {
            done.set()
            _ = try await pinging
            throw error
        }
        done.set()
        var pings = try await pinging
        pings.elapsed = Date().timeIntervalSince(started)
        return (result, pings)
    }

    /// `VmRSS` (now) or `VmHWM` (peak) of a process, in MB.
    static func residentMegabytes(_ pid: pid_t, field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return kilobytes / 1024
    }
}

/// A flag one task sets and another thread polls.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
