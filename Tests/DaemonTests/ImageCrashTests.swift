import Foundation
import Testing
import TestSupport

@Suite("Images survive a SIGKILL", .enabled(if: ImageFixtures.haveBusybox, "busybox-static is not installed"))
struct ImageCrashTests {
    @Test("killed in the middle of a slow import, the daemon restarts with a consistent store")
    func killDuringImport() async throws {
        let directory = try TemporaryDirectory(prefix: "dtk")
        defer { directory.remove() }
        let rootfs = try await ImageFixtures.busyboxTar(in: directory)
        let daemon = try await ImageTestDaemon.start()
        let kept = try await daemon.status(
            "/images/create?fromSrc=-&repo=kept&tag=1", ["-X", "POST", "--data-binary", "@\(rootfs)"])
        #expect(kept.code == 200, "\(kept.body)")

        // A chunked upload that sends part of the tarball, then stalls.
        let connection = try await RawConnection.open(unixPath: daemon.socket)
        try await connection.write(
            "POST /v1.41/images/create?fromSrc=-&repo=half&tag=1 HTTP/1.1\r\nHost: d\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: rootfs))
        let part = [UInt8](bytes.prefix(bytes.count / 2))
        try await offload { try connection.send(Array("\(String(part.count, radix: 16))\r\n".utf8) + part + Array("\r\n".utf8)) }
        let deadline = Date().addingTimeInterval(20)
        var spooled = false
        while !spooled, Date() < deadline {
            spooled = daemon.stagingEntries.contains { entry in
                var st = stat()
                return stat("\(daemon.imageRoot)/tmp/\(entry)/upload", &st) == 0 && Int(st.st_size) >= part.count
            }
            if !spooled { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(spooled, "the upload never reached the staging directory: \(daemon.stagingEntries)")
        kill(daemon.process.pid, SIGKILL)
        #expect(await daemon.process.waitForExit() != 0)
        unlink(daemon.socket)
        #expect(!daemon.stagingEntries.isEmpty, "a SIGKILL leaves the staging directory behind")

        let restarted = try await ImageTestDaemon.start(dataRoot: daemon.process.dataRoot)
        let images = try await restarted.curl("/images/json?all=1")
        let rows = try JSONSerialization.jsonObject(with: Data(images.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.compactMap { $0["RepoTags"] as? [String] } == [["kept:1"]], "\(images.stdout)")
        #expect(restarted.stagingEntries.isEmpty, "\(restarted.stagingEntries)")
        #expect(restarted.process.log.contains("removing leftover of an interrupted operation"))
        #expect(try await restarted.status("/images/half:1/json").code == 404)
        #expect(try await restarted.status("/images/kept:1/json").code == 200)
        #expect(await restarted.stop() == 0)
    }
}
