import Foundation
import Testing
import TestSupport

@Suite("The headless daemon with the docker CLI", .enabled(if: DockerCLI.available, "the docker CLI is not installed"))
struct DaemonCLITests {
    @Test("docker version, info and events over a unix socket")
    func overUnix() async throws {
        let socket = try socketPath("u")
        let daemon = try DaemonProcess(arguments: ["-H", "unix://\(socket)"])
        try await daemon.waitUntilListening()
        let docker = DockerCLI(host: "unix://\(socket)")

        let version = try await docker.run(["version"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.contains("Server: daemon-tui"))
        #expect(version.stdout.contains("API version:      1.41 (minimum version 1.12)"))

        let info = try await docker.run(["info"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("Server Version: 0.1.0"))
        #expect(info.stdout.contains("Docker Root Dir: \(daemon.dataRoot)"))
        #expect(info.stdout.contains("CPUs: \(ProcessInfo.processInfo.activeProcessorCount)"))

        let now = Int(Date().timeIntervalSince1970)
        let events = try await docker.run(["events", "--since", "\(now - 60)", "--until", "\(now + 1)"], timeout: 20)
        #expect(events.status == 0, "\(events.stderr)")
        #expect(await daemon.stop() == 0)
    }

    @Test("docker version over tcp, and the request log names listener, method, path and status")
    func overTCP() async throws {
        let port = freePort()
        let daemon = try DaemonProcess(arguments: ["-H", "tcp://127.0.0.1:\(port)"])
        try await daemon.waitUntilListening()
        let result = try await DockerCLI(host: "tcp://127.0.0.1:\(port)").run(["version", "--format", "{{.Server.APIVersion}}"])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1.41")
        try await daemon.waitForLog("tcp://127.0.0.1:\(port) 127.0.0.1:")
        #expect(daemon.log.contains("\"GET /v1.41/version\" 200"))
        #expect(await daemon.stop() == 0)
    }

    @Test("TLS with client verification: the CLI with DOCKER_TLS_VERIFY works, without certificates it cannot")
    func overTLS() async throws {
        guard Command.exists("openssl") else { return }
        let directory = try TemporaryDirectory(prefix: "dtls")
        defer { directory.remove() }
        let certs = try TestCertificates.generate(in: directory.file("certs"))
        let port = freePort()
        let daemon = try DaemonProcess(arguments: [
            "-H", "tcp://127.0.0.1:\(port)", "--tlsverify", "--tlscacert", certs.caCert, "--tlscert", certs.serverCert,
            "--tlskey", certs.serverKey,
        ])
        try await daemon.waitUntilListening()
        #expect(daemon.log.contains("DOCKER_TLS_VERIFY=1"))
        let host = "tcp://127.0.0.1:\(port)"
        let good = try await DockerCLI(host: host, environment: ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certs.directory]).run(["version"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Server: daemon-tui"))
        let info = try await DockerCLI(host: host, environment: ["DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certs.directory]).run(["info", "--format", "{{.ServerVersion}}"])
        #expect(info.stdout.contains("0.1.0"))

        let plain = try await DockerCLI(host: host).run(["version", "--format", "{{.Server.Version}}"], timeout: 20)
        #expect(plain.status != 0)
        #expect(await daemon.stop() == 0)
    }

    @Test("--activation manual holds requests until SIGUSR1")
    func manualActivation() async throws {
        let socket = try socketPath("m")
        let daemon = try DaemonProcess(arguments: ["-H", "unix://\(socket)", "--activation", "manual", "-l", "debug"])
        try await daemon.waitUntilListening()
        let pending = Task { try await DockerCLI(host: "unix://\(socket)").run(["version", "--format", "{{.Server.Version}}"]) }
        try await daemon.waitForLog("holding HEAD /_ping")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!daemon.log.contains("\"HEAD /_ping\" 200"), "answered before activation")
        kill(daemon.pid, SIGUSR1)
        let result = try await pending.value
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0.1.0"))
        #expect(daemon.log.contains("(held"))
        #expect(await daemon.stop() == 0)
    }

    @Test("--no-buffer-requests serves at once even with manual activation")
    func noBuffering() async throws {
        let socket = try socketPath("n")
        let daemon = try DaemonProcess(arguments: ["-H", "unix://\(socket)", "--activation", "manual", "--no-buffer-requests"])
        try await daemon.waitUntilListening()
        let result = try await DockerCLI(host: "unix://\(socket)").run(["version"], timeout: 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(await daemon.stop() == 0)
    }

    private func socketPath(_ name: String) throws -> String {
        "/tmp/dt-\(name)-\(getpid())-\(UInt16.random(in: 0...UInt16.max)).sock"
    }
}
