import Foundation
import Testing
import TestSupport

@Suite("Starting, failing and stopping the daemon")
struct DaemonLifecycleTests {
    @Test("SIGTERM and SIGINT stop it gracefully: exit 0, socket and pid file removed")
    func gracefulSignals() async throws {
        for signal in [SIGTERM, SIGINT] {
            let socket = "/tmp/dt-sig-\(getpid())-\(signal).sock"
            let pidFile = "/tmp/dt-sig-\(getpid())-\(signal).pid"
            let daemon = try DaemonProcess(arguments: ["-H", "unix://\(socket)", "--pidfile", pidFile])
            try await daemon.waitUntilListening()
            #expect(FileManager.default.fileExists(atPath: socket))
            #expect((try? String(contentsOfFile: pidFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == "\(daemon.pid)")
            #expect(await daemon.stop(signal: signal) == 0)
            #expect(!FileManager.default.fileExists(atPath: socket))
            #expect(!FileManager.default.fileExists(atPath: pidFile))
        }
    }

    @Test("a port in use: non-zero exit and a message naming the address and the cause")
    func portInUse() async throws {
        let port = freePort()
        let first = try DaemonProcess(arguments: ["-H", "tcp://127.0.0.1:\(port)"])
        try await first.waitUntilListening()
        let second = try DaemonProcess(arguments: ["-H", "tcp://127.0.0.1:\(port)"])
        #expect(await second.waitForExit() != 0)
        #expect(second.log.contains("tcp://127.0.0.1:\(port)"))
        #expect(second.log.lowercased().contains("address already in use"))
        #expect(await first.stop() == 0)
    }

    @Test("an explicitly named group that does not exist is an error naming it")
    func missingGroup() async throws {
        let daemon = try DaemonProcess(arguments: ["-H", "unix:///tmp/dt-grp-\(getpid()).sock", "-G", "no-such-group-xyz"])
        #expect(await daemon.waitForExit() != 0)
        #expect(daemon.log.contains("no-such-group-xyz"))
    }

    @Test("invalid flags and addresses are usage errors")
    func usageErrors() async throws {
        for arguments in [["-H", "127.0.0.1:2375"], ["-H", "ftp://x:1"], ["--activation", "sometimes"], ["--bogus"]] {
            let result = try await Command.run(BuiltProducts.daemonTUI, ["--headless"] + arguments, timeout: 20)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains("Error") || result.stderr.contains("error"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("binding beyond loopback without --tlsverify prints Docker's warning")
    func exposureWarning() async throws {
        let port = freePort()
        let daemon = try DaemonProcess(arguments: ["-H", "tcp://0.0.0.0:\(port)"])
        try await daemon.waitUntilListening()
        #expect(daemon.log.contains("DON'T BIND ON ANY IP ADDRESS WITHOUT setting --tlsverify"))
        let info = try await Command.run("curl", ["-s", "http://127.0.0.1:\(port)/v1.41/info"])
        #expect(info.stdout.contains("without encryption"))
        #expect(await daemon.stop() == 0)
    }

    @Test("-D serves /debug/vars with process and server statistics")
    func debugVars() async throws {
        let port = freePort()
        let daemon = try DaemonProcess(arguments: ["-H", "tcp://127.0.0.1:\(port)", "-D"])
        try await daemon.waitUntilListening()
        _ = try await Command.run("curl", ["-s", "http://127.0.0.1:\(port)/_ping"])
        let vars = try await Command.run("curl", ["-s", "http://127.0.0.1:\(port)/debug/vars"])
        let object = try JSONSerialization.jsonObject(with: Data(vars.stdout.utf8)) as? [String: Any]
        #expect(object?["pid"] as? Int == Int(daemon.pid))
        #expect((object?["listeners"] as? [[String: Any]])?.first?["totalRequests"] as? Int ?? 0 >= 1)
        #expect(await daemon.stop() == 0)

        let plain = try DaemonProcess(arguments: ["-H", "tcp://127.0.0.1:\(port)"])
        try await plain.waitUntilListening()
        #expect(try await Command.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/debug/vars"]).stdout == "404")
        #expect(await plain.stop() == 0)
    }

    @Test("CORS and the version gate, from the outside")
    func corsAndVersionGate() async throws {
        let port = freePort()
        let daemon = try DaemonProcess(arguments: ["-H", "tcp://127.0.0.1:\(port)", "--api-cors-header", "http://ui.example"])
        try await daemon.waitUntilListening()
        let preflight = try await Command.run("curl", ["-s", "-i", "-X", "OPTIONS", "-H", "Origin: http://ui.example", "http://127.0.0.1:\(port)/v1.41/containers/json"])
        #expect(preflight.stdout.contains("HTTP/1.1 200"))
        #expect(preflight.stdout.contains("Access-Control-Allow-Origin: http://ui.example"))
        let gate = try await Command.run("curl", ["-s", "-w", " %{http_code}", "http://127.0.0.1:\(port)/v1.50/version"])
        #expect(gate.stdout.contains("client version 1.50 is too new. Maximum supported API version is 1.41"))
        #expect(gate.stdout.hasSuffix(" 400"))
        #expect(await daemon.stop() == 0)
    }
}
