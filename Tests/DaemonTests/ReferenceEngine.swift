import Foundation
import TestSupport

/// dockerd — the reference engine (Debian's docker.io, 20.10) — started by a test on a private socket, data
/// root and exec root under /tmp, with no networking of its own, and stopped again by `stop()`.
final class ReferenceEngine: Sendable {
    let directory: TemporaryDirectory
    let child: ChildProcess
    let socket: String

    /// True when dockerd is installed and we are root (dockerd needs it).
    static var available: Bool { Command.exists("dockerd") && geteuid() == 0 }

    /// Starts dockerd and waits (up to 60 s) until `/_ping` answers.
    static func start() async throws -> ReferenceEngine {
        let directory = try TemporaryDirectory(prefix: "dtr")
        let engine = try ReferenceEngine(directory: directory)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let ping = try await Command.run("curl", ["-s", "--unix-socket", engine.socket, "http://d/_ping"], timeout: 5)
            if ping.stdout == "OK" { return engine }
            if engine.child.exitStatus != nil { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let log = (try? String(contentsOfFile: directory.file("dockerd.log"), encoding: .utf8)) ?? ""
        await engine.stop()
        throw ImageTestFailure("dockerd did not start:\n\(log.suffix(3000))")
    }

    private init(directory: TemporaryDirectory) throws {
        self.directory = directory
        socket = directory.file("docker.sock")
        // vfs works on any backing filesystem (overlay2 cannot stack on an overlay /tmp).
        child = try ChildProcess(
            "dockerd",
            [
                "--iptables=false", "--ip-forward=false", "--bridge=none", "--storage-driver=vfs",
                "-H", "unix://\(socket)", "--data-root", directory.file("data"), "--exec-root", directory.file("exec"),
                "--pidfile", directory.file("dockerd.pid"),
            ],
            environment: ProcessInfo.processInfo.environment, stdout: directory.file("dockerd.log"),
            stderr: directory.file("dockerd.log"))
    }

    /// The docker CLI pointed at this engine.
    var cli: DockerCLI { DockerCLI(host: "unix://\(socket)") }

    /// Stops dockerd (SIGTERM, SIGKILL after 20 s) and removes its directory.
    func stop() async {
        child.signal(SIGTERM)
        _ = await child.wait(timeout: 20)
        // vfs layers may be read-only trees; the removal needs no special care as root.
        directory.remove()
    }
}
