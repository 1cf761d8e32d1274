import Foundation
import TestSupport
import Testing

/// The real `daemon-tui` binary with its dashboard open in a tmux pane, driven with keys like a user drives it.
///
/// The pane runs `daemon-tui …; echo EXIT=$?` between two `stty -g`, so the tests see the exit status and whether
/// the terminal modes came back; tmux reports whether the alternate screen was left and the cursor shown again.
@Suite(
    "The dashboard in a real terminal (tmux)", .serialized,
    .enabled(if: Command.exists("tmux") && Command.exists("curl"), "tmux or curl is not installed"))
struct DashboardTmuxTests {
    @Test("the first screen shows the listeners, the route templates and the activation state; q exits 0, terminal restored")
    func firstScreenAndQuit() async throws {
        try await withDashboard(["--activation", "manual"], width: 200, height: 60) { d in
            // A capture can catch a frame half drawn: wait for everything at once.
            let expected = ["HOLDING", d.socket, "127.0.0.1:\(d.port)", "{name:.*}", "serveapi", "export DOCKER_HOST="]
            try await d.session.waitForScreen("\(expected)") { screen in expected.allSatisfy { screen.contains($0) } }
            // The route filter finds a given template.
            try await d.session.press("2", "/")
            try await d.session.type("containers/{name:.*}/json")
            try await d.session.press("Enter")
            try await d.session.waitForScreen("the route's row") { screen in
                screen.split(separator: "\n").contains {
                    $0.contains("GET") && $0.contains("/containers/{name:.*}/json") && $0.contains("getContainersByName")
                }
            }

            try await d.session.press("q")
            try await d.expectCleanExit()
        }
    }

    @Test("a request held under --activation manual completes only after a; b re-arms holding")
    func holdActivateRearm() async throws {
        try await withDashboard(["--activation", "manual"]) { d in
            try await d.session.waitFor("HOLDING")
            let first = try d.curl("--unix-socket", d.socket, "http://localhost/v1.41/version")
            try await d.session.waitFor("HOLDING 1 request")
            #expect(first.child.isRunning, "held until a")

            try await d.session.press("a")
            let (status, _) = await first.child.wait(timeout: 30)
            #expect(status == 0)
            #expect(first.output.contains("\"ApiVersion\""))
            try await d.session.waitFor("ACTIVE since")

            try await d.session.press("b")
            try await d.session.waitForScreen("holding re-armed") { $0.contains("HOLDING") && $0.contains("buffering ON") }
            let second = try d.curl("http://127.0.0.1:\(d.port)/v1.41/version")
            try await d.session.waitFor("HOLDING 1 request")
            #expect(second.child.isRunning, "held again after b")

            try await d.session.press("a")
            let (secondStatus, _) = await second.child.wait(timeout: 30)
            #expect(secondStatus == 0)
            #expect(second.output.contains("\"ApiVersion\""))

            try await d.session.press("q")
            try await d.expectCleanExit()
        }
    }

    @Test("a frame reaches the terminal in one write, not one per changed run")
    func oneWritePerFrame() async throws {
        try await withDashboard(["--activation", "manual"]) { d in
            try await d.session.waitFor("HOLDING")
            // Five held requests: every 250 ms the banner's age and five durations change (six runs a frame).
            let held = try (0..<5).map { _ in try d.curl("--unix-socket", d.socket, "http://localhost/_ping") }
            try await d.session.waitFor("HOLDING 5 requests")
            let pid = try #require(d.pid)
            let before = try writeSyscalls(pid)
            try await Task.sleep(for: .seconds(3))
            let writes = try writeSyscalls(pid) - before
            // About 12 frames in 3 s; flushing at every cursor move would make it 70 or more.
            #expect(writes <= 30, "\(writes) write calls in 3 s")
            try await d.session.press("a")
            for curl in held { _ = await curl.child.wait(timeout: 30) }
            try await d.session.press("q")
            try await d.expectCleanExit()
        }
    }

    @Test("r composes a request, sends it over the listener and it appears in the log")
    func composeAndSend() async throws {
        try await withDashboard(width: 160, height: 48) { d in
            try await d.session.waitFor("ACTIVE since")
            try await d.session.press("r")
            try await d.session.waitFor("Compose a request")
            // Route → Method → Path: a custom request.
            try await d.session.press("Down", "Down", "C-u")
            try await d.session.type("/v1.41/info")
            try await d.session.press("Enter")
            // Through the unix listener (the composer's default), the JSON body pretty-printed.
            let expected = ["GET /v1.41/info via L", "unix://\(d.socket)", "200 OK", "\"Architecture\""]
            try await d.session.waitForScreen("the response \(expected)") { screen in
                expected.allSatisfy { screen.contains($0) }
            }

            try await d.session.press("Escape")
            try await d.session.waitForScreen("the request in the log") { screen in
                !screen.contains("Compose a request") && !screen.contains("Response")
                    && screen.split(separator: "\n").contains { $0.contains("/v1.41/info") && $0.contains("200") }
            }
            try await d.session.press("q")
            try await d.expectCleanExit()
        }
    }

    @Test("--tlsverify: the composer sends with DOCKER_CERT_PATH's client certificate; a client without one is a failed handshake")
    func tlsVerifyListener() async throws {
        guard Command.exists("openssl") else {
            print("skipping: openssl is not installed")
            return
        }
        let certificates = try TemporaryDirectory(prefix: "dtc")
        defer { certificates.remove() }
        let certs = try TestCertificates.generate(in: certificates.path)
        let tls = ["--tlsverify", "--tlscacert", certs.caCert, "--tlscert", certs.serverCert, "--tlskey", certs.serverKey]
        try await withDashboard(tls, environment: ["DOCKER_CERT_PATH": certs.directory]) { d in
            try await d.session.waitFor("ACTIVE since")
            let refused = try d.curl("-k", "https://127.0.0.1:\(d.port)/_ping")
            let (status, _) = await refused.child.wait(timeout: 30)
            #expect(status != 0, "no client certificate, no answer")
            try await d.session.waitForScreen("the failed handshake counted") { screen in
                screen.split(separator: "\n").contains { $0.contains("127.0.0.1:\(d.port)") && $0.contains("verify ✗1") }
            }

            // Route → Method → Path → Query → Body → Listener, then the next listener: the tcp one.
            try await d.session.press("r")
            try await d.session.waitFor("Compose a request")
            try await d.session.press("Down", "Down", "Down", "Down", "Down")
            try await d.session.waitForScreen("the listener field") { screen in
                screen.split(separator: "\n").contains { $0.contains("Listener") && $0.contains("unix://") }
            }
            try await d.session.press("Right")
            try await d.session.waitFor("tcp://127.0.0.1:\(d.port)")
            try await d.session.press("Enter")
            try await d.session.waitForScreen("the answer through the TLS listener") { screen in
                screen.split(separator: "\n").contains { $0.contains("GET /_ping via L") && $0.contains("tcp://127.0.0.1:\(d.port)") }
                    && screen.contains("200 OK")
            }
            try await d.session.press("Escape", "q")
            try await d.expectCleanExit()
        }
    }

    @Test("? shows help; the dashboard keeps drawing through resizes, down to the too-small message and back")
    func helpAndResize() async throws {
        try await withDashboard { d in
            try await d.session.waitFor("ACTIVE since")
            try await d.session.press("?")
            try await d.session.waitFor("toggle buffering: re-arm holding")
            try await d.session.press("Escape")
            try await d.session.waitForScreen("help closed") { !$0.contains("toggle buffering: re-arm holding") }

            try await d.session.resize(width: 80, height: 24)
            try await d.session.waitForScreen("an 80x24 layout") { screen in
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                return lines.count >= 24 && screen.contains("Listeners") && screen.contains("? help")
                    && lines.allSatisfy { $0.count <= 80 }
            }
            // A request while small shows up in the log (the route table lists /version, not /v1.41/version).
            let version = try d.curl("--unix-socket", d.socket, "http://localhost/v1.41/version")
            _ = await version.child.wait(timeout: 30)
            try await d.session.waitFor("/v1.41/version")

            try await d.session.resize(width: 50, height: 14)
            try await d.session.waitFor("terminal too small")
            try await d.session.resize(width: 200, height: 60)
            try await d.session.waitForScreen("a 200x60 layout") { screen in
                !screen.contains("terminal too small") && screen.contains("/v1.41/version") && screen.contains("serveapi")
                    && screen.split(separator: "\n").contains { $0.count > 150 }
            }
            try await d.session.press("q")
            try await d.expectCleanExit()
        }
    }

    @Test("SIGTERM shuts down gracefully, exit 0, terminal restored; TERM=vt100 draws ASCII without colour")
    func sigtermOnVT100() async throws {
        try await withDashboard(environment: ["TERM": "vt100"]) { d in
            let screen = try await d.session.waitForScreen("ASCII boxes") { $0.contains("ACTIVE since") && $0.contains("+-") }
            #expect(!screen.contains("─") && !screen.contains("┌"), "no box-drawing characters")
            let pid = try #require(d.pid)
            kill(pid, SIGTERM)
            try await d.expectCleanExit()
        }
    }

    @Test("NO_COLOR: no colour escapes on screen, only attributes")
    func noColor() async throws {
        try await withDashboard(environment: ["NO_COLOR": "1", "TERM": "xterm-256color"]) { d in
            try await d.session.waitForScreen("the whole screen") { $0.contains("ACTIVE since") && $0.contains("? help") }
            let parameters = sgrParameters(try await d.session.capture(escapes: true))
            // 39 and 49 are the terminal's default colours; 30–37, 38, 90–97 (and their backgrounds) are colours.
            let colours = parameters.filter { (30...38).contains($0) || (40...48).contains($0) || (90...107).contains($0) }
            #expect(colours.isEmpty, "no colour: \(Set(colours).sorted())")
            #expect(parameters.contains(1) && parameters.contains(7), "bold and reverse remain")
            try await d.session.press("q")
            try await d.expectCleanExit()
        }
    }

    @Test("the daemon failing once the dashboard is open: terminal restored, its error printed, exit 1")
    func daemonFailsAfterStart() async throws {
        // The image store cannot be opened where a file stands in for its directory: initialisation fails after
        // the listeners are bound and the dashboard has the screen.
        let root = try TemporaryDirectory(prefix: "dtr")
        defer { root.remove() }
        FileManager.default.createFile(atPath: root.file("image"), contents: Data())
        try await withDashboard(dataRoot: root.path) { d in
            let screen = try await d.session.waitFor("EXIT=")
            #expect(screen.contains("daemon-tui: initialisation failed: cannot open the image store"))
            #expect(screen.contains("the log is in \(root.path)/dashboard.log"))
            #expect(screen.contains("EXIT=1"))
            #expect(screen.contains("TTY=restored"))
            #expect(try await d.session.paneFlag("alternate_on") == "0")
            #expect(try await d.session.paneFlag("cursor_flag") == "1")
        }
    }

    @Test("a crash puts the terminal back before the process dies")
    func crashRestoresTheTerminal() async throws {
        try await withDashboard(environment: ["SWIFT_BACKTRACE": "enable=no"]) { d in
            try await d.session.waitFor("ACTIVE since")
            let pid = try #require(d.pid)
            kill(pid, SIGSEGV)
            let screen = try await d.session.waitFor("EXIT=")
            #expect(screen.contains("EXIT=139"), "killed by SIGSEGV")
            #expect(screen.contains("TTY=restored"))
            #expect(!screen.contains("Listeners"), "the dashboard is gone from the screen")
            #expect(try await d.session.paneFlag("alternate_on") == "0")
            #expect(try await d.session.paneFlag("cursor_flag") == "1")
        }
    }

    @Test("a start-up error (address in use) is printed on the normal screen, exit status non-zero")
    func startupError() async throws {
        let busy = try ListeningSocket()
        defer { busy.close() }
        try await withDashboard(hosts: ["tcp://127.0.0.1:\(busy.port)"]) { d in
            let screen = try await d.session.waitFor("EXIT=")
            #expect(screen.contains("daemon-tui: "))
            #expect(screen.contains("127.0.0.1:\(busy.port)"))
            #expect(screen.contains("EXIT=1"))
            #expect(screen.contains("TTY=restored"))
        }
    }
}

/// How many write system calls a process has made (`syscw` in /proc/PID/io).
private func writeSyscalls(_ pid: pid_t) throws -> Int {
    let io = try String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)
    guard let line = io.split(separator: "\n").first(where: { $0.hasPrefix("syscw:") }),
        let count = Int(line.dropFirst("syscw:".count).trimmingCharacters(in: .whitespaces))
    else { throw TestFailure("no syscw in /proc/\(pid)/io") }
    return count
}

/// Every SGR parameter (`ESC [ 1 ; 33 m` → 1, 33) in text captured with `capture-pane -e`.
private func sgrParameters(_ text: String) -> [Int] {
    text.split(separator: "\u{1b}").flatMap { chunk -> [Int] in
        guard chunk.hasPrefix("["), let end = chunk.firstIndex(of: "m") else { return [] }
        let body = chunk.dropFirst().prefix(upTo: end)
        guard body.allSatisfy({ $0.isNumber || $0 == ";" }) else { return [] }
        return body.split(separator: ";").compactMap { Int($0) }
    }
}

/// One `daemon-tui` in a tmux pane, on a unix socket and a tcp port of its own, with a private data root.
private struct DashboardUnderTest {
    let directory: TemporaryDirectory
    let session: TmuxSession
    let socket: String
    let port: Int

    /// The daemon's pid, once it has written its pid file.
    var pid: pid_t? {
        (try? String(contentsOfFile: directory.file("pid"), encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Starts curl with `arguments` in the background.
    func curl(_ arguments: String...) throws -> BackgroundCurl {
        let output = directory.file("curl-\(UInt32.random(in: 0...UInt32.max)).out")
        let child = try ChildProcess(
            "curl", ["-s", "--max-time", "60"] + arguments, environment: ProcessInfo.processInfo.environment,
            stdout: output)
        return BackgroundCurl(child: child, outputPath: output)
    }

    /// Waits for the pane's `EXIT=0`, and checks the terminal was given back as found.
    func expectCleanExit() async throws {
        let screen = try await session.waitFor("EXIT=", timeout: 40)
        #expect(screen.contains("EXIT=0"))
        #expect(screen.contains("TTY=restored"), "stty settings as before")
        #expect(try await session.paneFlag("alternate_on") == "0", "back on the normal screen")
        #expect(try await session.paneFlag("cursor_flag") == "1", "cursor visible")
    }
}

/// A curl running in the background, its response body going to a file.
private struct BackgroundCurl {
    let child: ChildProcess
    let outputPath: String

    /// What curl has written so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
}

/// Runs `body` with a dashboard in tmux; the tmux server and the temporary files are removed afterwards.
private func withDashboard(
    _ arguments: [String] = [], hosts: [String]? = nil, dataRoot: String? = nil, width: Int = 120, height: Int = 40,
    environment: [String: String] = [:], _ body: (DashboardUnderTest) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory(prefix: "dtx")
    let socket = directory.file("d.sock")
    let port = freePort()
    let listen = (hosts ?? ["unix://\(socket)", "tcp://127.0.0.1:\(port)"]).flatMap { ["-H", $0] }
    let command = [BuiltProducts.daemonTUI, "--data-root", dataRoot ?? directory.file("root"), "--pidfile", directory.file("pid")]
        + listen + arguments
    let script = "t=$(stty -g); \(command.joined(separator: " ")); s=$?; "
        + "[ \"$(stty -g)\" = \"$t\" ] && echo TTY=restored; echo EXIT=$s; exec sleep 600"
    let session = try await TmuxSession(width: width, height: height, command: script, environment: environment)
    let dashboard = DashboardUnderTest(directory: directory, session: session, socket: socket, port: port)
    do {
        try await body(dashboard)
    } catch {
        if let pid = dashboard.pid { kill(pid, SIGKILL) }
        await session.kill()
        directory.remove()
        throw error
    }
    if let pid = dashboard.pid { kill(pid, SIGKILL) }
    await session.kill()
    directory.remove()
}

/// A TCP socket listening on 127.0.0.1, so that binding its port fails.
private struct ListeningSocket {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw TestFailure("cannot listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
