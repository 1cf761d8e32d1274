import Foundation
import Testing
import TestSupport

@Suite("fd:// under systemd-socket-activate", .enabled(if: Command.exists("systemd-socket-activate"), "systemd-socket-activate is not installed"))
struct SocketActivationTests {
    /// `systemd-socket-activate -l ADDR… daemon-tui --headless ARGS`, logging to a file.
    func activate(listen: [String], arguments: [String]) throws -> (ChildProcess, String, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "sa")
        let log = directory.file("log")
        let process = try ChildProcess(
            "/usr/bin/systemd-socket-activate",
            listen.flatMap { ["-l", $0] } + [BuiltProducts.daemonTUI, "--headless", "--data-root", directory.file("root")] + arguments,
            environment: ProcessInfo.processInfo.environment, stdout: log, stderr: log)
        return (process, log, directory)
    }

    @Test("fd:// serves every passed socket, tcp and unix")
    func allSockets() async throws {
        let port = freePort()
        let socket = "/tmp/dt-sa-\(getpid()).sock"
        let (process, log, directory) = try activate(listen: ["127.0.0.1:\(port)", socket], arguments: ["-H", "fd://"])
        defer {
            process.signal(SIGTERM)
            directory.remove()
            unlink(socket)
        }
        // systemd-socket-activate starts the daemon on the first connection, which is then served.
        try await waitForFile(log, containing: "as 4.")
        let first = try await Command.run("curl", ["-s", "--max-time", "60", "http://127.0.0.1:\(port)/_ping"])
        #expect(first.stdout == "OK")
        try await waitForFile(log, containing: "export DOCKER_HOST")
        let tcp = try await DockerCLI(host: "tcp://127.0.0.1:\(port)").run(["version", "--format", "{{.Server.Version}}"])
        #expect(tcp.stdout.contains("0.1.0"), "\(tcp.stderr) \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let unix = try await DockerCLI(host: "unix://\(socket)").run(["version", "--format", "{{.Server.Version}}"])
        #expect(unix.stdout.contains("0.1.0"), "\(unix.stderr)")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("API listen on fd 3"))
        #expect(text.contains("API listen on fd 4"))
    }

    @Test("fd://N serves only that socket")
    func oneSocket() async throws {
        let first = freePort()
        let second = freePort()
        let (process, log, directory) = try activate(listen: ["127.0.0.1:\(first)", "127.0.0.1:\(second)"], arguments: ["-H", "fd://4"])
        defer {
            process.signal(SIGTERM)
            directory.remove()
        }
        try await waitForFile(log, containing: "as 4.")
        let served = try await Command.run("curl", ["-s", "--max-time", "60", "http://127.0.0.1:\(second)/_ping"])
        #expect(served.stdout == "OK")
        try await waitForFile(log, containing: "export DOCKER_HOST")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("API listen on fd 4"))
        #expect(!text.contains("API listen on fd 3"))
    }

    @Test("fd:// with no passed sockets is an error saying so")
    func noSockets() async throws {
        let result = try await Command.run(BuiltProducts.daemonTUI, ["--headless", "--data-root", "/tmp/dt-nofd-\(getpid())", "-H", "fd://"], timeout: 20)
        #expect(result.status != 0)
        #expect(result.stderr.contains("no sockets found via socket activation"))
    }

    private func waitForFile(_ path: String, containing text: String) async throws {
        try await waitUntil(timeout: 60) { ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains(text) }
    }
}
