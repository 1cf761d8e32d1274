import Errdefs
import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite(
    "Container processes under a supervisor",
    .enabled(if: ContainerSandbox.available, "needs root, namespaces, busybox-static and the built daemon-tui"))
struct ContainerProcessTests {
    @Test("echo hi: one json-file line on stdout, exit 0")
    func echo() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let (code, _) = try await box.run(["echo", "hi"])
        #expect(code == 0)
        let text = try String(contentsOfFile: box.log, encoding: .utf8)
        let pattern = #/^\{"log":"hi\\n","stream":"stdout","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"\}\n$/#
        #expect(text.wholeMatch(of: pattern) != nil, "log: \(text)")
        let entry = try #require(box.entries().first)
        #expect(abs(entry.time.timeIntervalSinceNow) < 60)
    }

    @Test("stdout and stderr are told apart")
    func streams() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        _ = try await box.run(["sh", "-c", "echo out; echo err >&2"])
        let entries = box.entries()
        #expect(entries.map(\.stream) .sorted { $0.rawValue < $1.rawValue } == [.stdout, .stderr])
        #expect(entries.first { $0.stream == .stderr }?.bytes == Array("err\n".utf8))
    }

    @Test("exit codes: the status, 128+signal when killed")
    func exitCodes() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        #expect(try await box.run(["sh", "-c", "exit 3"]).code == 3)
        // A process killed by a signal inside: 128 + the signal, as its shell reports it.
        #expect(try await box.run(["sh", "-c", "sh -c 'kill -9 $$'; exit $?"]).code == 137)
        // PID 1 of a namespace cannot be killed from inside it, even with SIGKILL (as under Docker).
        try FileManager.default.removeItem(atPath: box.log)
        #expect(try await box.run(["sh", "-c", "kill -9 $$; echo survived"]).output == "survived\n")
        let sleeper = try await box.start(["sleep", "100"])
        try sleeper.signal(SIGKILL)
        #expect(await sleeper.waitExit().code == 137)
        #expect(throws: DaemonError.self) { try sleeper.signal(SIGKILL) }
    }

    @Test("its own PID namespace (PID 1) and hostname")
    func pidAndHostname() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let (code, output) = try await box.run(["sh", "-c", "echo $$; hostname; cat /etc/hostname; grep -c localhost /etc/hosts"])
        #expect(code == 0)
        let host = String(box.id.prefix(12))
        #expect(output == "1\n\(host)\n\(host)\n2\n")
    }

    @Test("/proc shows only the container's processes")
    func onlyOwnProcesses() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let (_, output) = try await box.run(["sh", "-c", "ps -o pid,comm; true"])
        let rows = output.split(separator: "\n").dropFirst().map { $0.split(separator: " ") }
        #expect(rows.count == 2, "ps: \(output)")
        #expect(rows.contains { $0.first == "1" && $0.last == "sh" })
    }

    @Test("a file written inside lands in the upper directory, not on the host or in the layer")
    func writesStayInside() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let name = "made-inside-\(box.id.prefix(8))"
        #expect(try await box.run(["touch", "/\(name)"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: "/\(name)"))
        #expect(!FileManager.default.fileExists(atPath: box.layer + "/\(name)"))
        #expect(FileManager.default.fileExists(atPath: box.mount.upperDirectory + "/\(name)"))
    }

    @Test("users by name and by uid:gid, resolved in the container's /etc/passwd")
    func users() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        #expect(try await box.run(["id"]) { $0.user = "nobody" }.output == "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n")
        try FileManager.default.removeItem(atPath: box.log)
        #expect(try await box.run(["id"]) { $0.user = "1000:1000" }.output == "uid=1000 gid=1000 groups=1000\n")
        await #expect(throws: DaemonError.self) { try await box.start(["id"]) { $0.user = "nosuchuser" } }
    }

    @Test("env and working directory (created when missing)")
    func envAndCwd() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let (_, output) = try await box.run(["sh", "-c", "echo $FOO; pwd; echo $HOME"]) {
            $0.env.append("FOO=bar baz")
            $0.workingDir = "/work/dir"
        }
        #expect(output == "bar baz\n/work/dir\n/root\n")
    }

    @Test("a command that does not exist: Docker's error, as invalidParameter")
    func missingCommand() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        do {
            _ = try await box.start(["nosuch"])
            Issue.record("started a missing command")
        } catch let error as DaemonError {
            #expect(error.kind == .invalidParameter)
            #expect(error.message == #"exec: "nosuch": executable file not found in $PATH"#)
        }
    }

    @Test("binds: read-write ones write through to the host, read-only ones refuse, missing sources are made")
    func binds() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let shared = box.directory.file("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        try "from host\n".write(toFile: shared + "/in", atomically: true, encoding: .utf8)
        let script = "cat /mnt/rw/in; echo back > /mnt/rw/out; (echo x > /mnt/ro/x) 2>/dev/null || echo refused; ls /new/dir"
        let (code, output) = try await box.run(["sh", "-c", script]) {
            $0.binds = [
                BindMount(source: shared, target: "/mnt/rw"), BindMount(source: shared, target: "/mnt/ro", readOnly: true),
                BindMount(source: box.directory.file("made"), target: "/new/dir"),
            ]
        }
        #expect(code == 0)
        #expect(output == "from host\nrefused\n")
        #expect(try String(contentsOfFile: shared + "/out", encoding: .utf8) == "back\n")
        #expect(!FileManager.default.fileExists(atPath: shared + "/x"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: box.directory.file("made"), isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test("bad commands and working directories: Docker's messages")
    func badCommands() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        func failure(_ args: [String], _ configure: (inout ProcessSpec) -> Void = { _ in }) async -> DaemonError? {
            do {
                _ = try await box.start(args, configure)
                return nil
            } catch {
                return error as? DaemonError
            }
        }
        #expect(await failure(["/nosuch"])?.message == #"exec: "/nosuch": stat /nosuch: no such file or directory"#)
        #expect(await failure(["/etc/passwd"])?.message == #"exec: "/etc/passwd": permission denied"#)
        let cwd = await failure(["true"]) { $0.workingDir = "/etc/passwd" }
        #expect(cwd?.kind == .invalidParameter)
        #expect(cwd?.message == #"chdir to cwd ("/etc/passwd") set in config.json failed: not a directory"#)
        // The bundle is reusable after a failed start.
        #expect(try await box.run(["true"]).code == 0)
    }

    @Test("a working directory through /proc/self/fd/N never lands outside the root")
    func workingDirectoryThroughDescriptors() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        for fd in 3...12 {
            do {
                let (_, output) = try await box.run(["sh", "-c", "cd ../../../../..; ls; echo ---; ls /"]) {
                    $0.workingDir = "/proc/self/fd/\(fd)"
                }
                let halves = output.components(separatedBy: "---\n")
                #expect(halves.count == 2 && halves[0] == halves[1], "fd \(fd): \(output)")
            } catch let error as DaemonError {
                #expect(error.kind == .invalidParameter, "fd \(fd): \(error)")
            }
            try? FileManager.default.removeItem(atPath: box.log)
        }
    }

    @Test("attach with stdin: cat echoes, and StdinOnce's end of stdin ends it")
    func attachStdin() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let process = try await box.start(["cat"]) {
            $0.openStdin = true
            $0.stdinOnce = true
        }
        let session = try await process.attach(stdin: true)
        try await session.writeStdin(Array("hello\n".utf8))
        var received: [UInt8] = []
        var iterator = session.output.makeAsyncIterator()
        while received.count < 6, let chunk = await iterator.next() { received += chunk.bytes }
        #expect(received == Array("hello\n".utf8))
        await session.closeStdin()
        #expect(await process.waitExit().code == 0)
        while await iterator.next() != nil {}
        #expect(box.output() == "hello\n")
    }

    @Test("attach sessions release their connections")
    func attachReleases() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let process = try await box.start(["cat"]) { $0.openStdin = true }
        func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0 }
        let before = openDescriptors()
        for _ in 0..<30 {
            let session = try await process.attach(stdin: true)
            try await session.writeStdin(Array("x\n".utf8))
            var iterator = session.output.makeAsyncIterator()
            _ = await iterator.next()
            await session.close()
            while await iterator.next() != nil {}
        }
        // Tests running alongside open a few descriptors; a leak would be one per session.
        #expect(openDescriptors() - before < 15)
        try process.signal(SIGKILL)
        _ = await process.waitExit()
    }

    @Test("TTY: the container's own /dev/pts/0 on stdio, output in the log as stdout, resize reaches it")
    func tty() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let script = "busybox stty -echo; [ -t 0 ] && [ -t 1 ] && echo tty; read line; busybox stty size; busybox tty; echo /dev/pts/*"
        let process = try await box.start(["sh", "-c", script]) {
            $0.tty = true
            $0.openStdin = true
        }
        try process.resize(height: 40, width: 100)
        let session = try await process.attach(stdin: true)
        // Only once echo is off (the shell has printed "tty"), or the input would be echoed into the output.
        try await waitUntil { box.output().contains("tty") }
        try await session.writeStdin(Array("go\n".utf8))
        #expect(await process.waitExit().code == 0)
        await session.close()
        // The terminal is the container's own (its devpts), as under Docker.
        #expect(box.output() == "tty\r\n40 100\r\n/dev/pts/0\r\n/dev/pts/0 /dev/pts/ptmx\r\n")
        #expect(box.entries().allSatisfy { $0.stream == .stdout })
    }

    @Test("NetworkMode none: only the loopback interface")
    func networkNone() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let (_, output) = try await box.run(["cat", "/proc/net/dev"]) { $0.networkDisabled = true }
        let interfaces = output.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: ":").first?.trimmingCharacters(in: .whitespaces) }
        #expect(interfaces == ["lo"])
    }

    @Test("pause freezes every process, resume thaws them")
    func pauseResume() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let process = try await box.start(["sh", "-c", "while true; do echo x; sleep 0.02; done"])
        try await waitUntil { box.entries().count >= 3 }
        try process.pause()
        let frozen = box.entries().count
        try await Task.sleep(for: .milliseconds(400))
        #expect(box.entries().count == frozen)
        try process.resume()
        try await waitUntil { box.entries().count > frozen + 3 }
        #expect(try process.processIDs().contains(process.pid))
        try process.signal(SIGKILL)
        #expect(await process.waitExit().code == 137)
    }

    @Test("the supervisor outlives its driver: recover finds it running, then its recorded exit")
    func recovery() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let started = try await box.start(["sh", "-c", "echo before; sleep 100"])
        try await waitUntil { box.output() == "before\n" }
        let restarted = SupervisorDriver(executable: BuiltProducts.daemonTUI)
        guard case .running(let process) = await restarted.recover(bundle: box.bundle) else {
            Issue.record("not recovered as running")
            return
        }
        #expect(process.pid == started.pid)
        try process.signal(SIGKILL)
        #expect(await process.waitExit().code == 137)
        guard case .exited(let status) = await restarted.recover(bundle: box.bundle) else {
            Issue.record("not recovered as exited")
            return
        }
        #expect(status.code == 137)
        #expect(await restarted.recover(bundle: box.directory.file("never-started")).isLost)
    }

    @Test("the supervisor is not the daemon's child, nor in its session")
    func detachedSupervisor() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let process = try #require(try await box.start(["sleep", "100"]) as? SupervisedProcess)
        let stat = try String(contentsOfFile: "/proc/\(process.record.supervisorPID)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        // Fields 4 (parent) and 6 (session).
        #expect(Int32(fields[1]) != getpid())
        #expect(Int32(fields[3]) != getsid(0))
        // A second start in the same bundle while this one runs is refused.
        do {
            _ = try await box.start(["true"])
            Issue.record("started twice")
        } catch let error as DaemonError {
            #expect(error.kind == .conflict)
        }
        try process.signal(SIGKILL)
        _ = await process.waitExit()
    }

    @Test("a supervisor killed without recording an exit: lost, and its container is ended")
    func lostSupervisor() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let process = try #require(try await box.start(["sleep", "100"]) as? SupervisedProcess)
        kill(process.record.supervisorPID, SIGKILL)
        try await waitUntil { !ProcessStat.isAlive(process.record.supervisorPID, startTime: process.record.supervisorStartTime) }
        #expect(await box.driver.recover(bundle: box.bundle).isLost)
        #expect(!ProcessStat.isAlive(process.pid, startTime: process.record.pidStartTime))
        #expect(await process.waitExit().code == 255)
    }

    @Test("Docker's default capabilities only, /proc's host-facing files masked")
    func confinement() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let script = "grep CapBnd /proc/self/status; (echo x > /proc/sys/kernel/hostname) 2>/dev/null || echo ro; wc -c < /proc/timer_list"
        let (_, output) = try await box.run(["sh", "-c", script])
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines == ["CapBnd:\t00000000a80425fb", "ro", "0"])
        let hostTimers = try String(contentsOfFile: "/proc/timer_list", encoding: .utf8)
        #expect(!hostTimers.isEmpty)
    }

    @Test("no descriptor of the daemon or the supervisor reaches the container")
    func noLeakedDescriptors() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        // A descriptor of the "daemon" (this test process) without close-on-exec.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let (_, output) = try await box.run(["ls", "/proc/self/fd"])
        let fds = Set(output.split(separator: "\n").map(String.init))
        #expect(fds.isSubset(of: ["0", "1", "2", "3"]), "fds: \(fds)")
    }

    @Test("an attach asking for the output since the start gets all of it, even after a quick exit")
    func outputSinceStart() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let quick = try await box.start(["echo", "hi"])
        #expect(await quick.waitExit().code == 0)
        let session = try await quick.attach(stdin: false, includingOutputSinceStart: true)
        var received: [UInt8] = []
        for await chunk in session.output { received += chunk.bytes }
        #expect(received == Array("hi\n".utf8))
    }

    @Test("the start's own session: claimed once, with stdin when asked; later attaches see only new output")
    func claimedOnce() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let process = try await box.start(["sh", "-c", "echo early; read line; echo late $line; read again; echo end $?"]) {
            $0.openStdin = true
            $0.stdinOnce = true
        }
        try await waitUntil { box.output() == "early\n" }
        let first = try await process.attach(stdin: true, includingOutputSinceStart: true)
        let second = try await process.attach(stdin: false, includingOutputSinceStart: true)
        try await first.writeStdin(Array("now\n".utf8))
        var iterator = first.output.makeAsyncIterator()
        var received: [UInt8] = []
        while received.count < 15, let chunk = await iterator.next() { received += chunk.bytes }
        #expect(String(decoding: received, as: UTF8.self) == "early\nlate now\n")
        // StdinOnce: the claimed session is the container's first stdin client, so its end is stdin's end.
        await first.closeStdin()
        #expect(await process.waitExit().code == 0)
        var late: [UInt8] = []
        for await chunk in second.output { late += chunk.bytes }
        #expect(String(decoding: late, as: UTF8.self) == "late now\nend 1\n")
    }

    @Test("an unclaimed start session is dropped after its window and never holds the container back")
    func unclaimedSession() async throws {
        let box = try ContainerSandbox()
        defer { box.remove() }
        let driver = SupervisorDriver(executable: BuiltProducts.daemonTUI, claimWindow: .milliseconds(200))
        // Far more output than the supervisor buffers for an unread client.
        let spec = box.spec(["sh", "-c", "seq 1 1000000; echo done >&2"])
        let process = try await driver.start(spec, bundle: box.bundle, logPath: box.log)
        #expect(await process.waitExit().code == 0)
        let log = try #require(FileManager.default.contents(atPath: box.log))
        let body = log.dropLast()
        let last = body[(body.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? body.startIndex)...]
        #expect(JSONLogLine.decode(last)?.entry == LogEntry(stream: .stderr, time: JSONLogLine.decode(last)!.entry.time, bytes: Array("done\n".utf8)))
    }

    @Test("many containers started at once each start, run and report their own exit")
    func concurrentStarts() async throws {
        let boxes = try (0..<12).map { _ in try ContainerSandbox() }
        defer { boxes.forEach { $0.remove() } }
        let codes = try await withThrowingTaskGroup(of: (Int, Int32, String).self) { group in
            for (index, box) in boxes.enumerated() {
                group.addTask {
                    let (code, output) = try await box.run(["sh", "-c", "echo \(index); exit \(index)"])
                    return (index, code, output)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = ($1.1, $1.2) }
        }
        for index in boxes.indices {
            #expect(codes[index]?.0 == Int32(index))
            #expect(codes[index]?.1 == "\(index)\n")
        }
    }

    @Test("the copy fallback runs containers too")
    func copyFallback() async throws {
        let box = try ContainerSandbox(overlay: false)
        defer { box.remove() }
        #expect(!box.mount.isOverlay)
        #expect(try await box.run(["sh", "-c", "echo hi > /f; cat /f"]).output == "hi\n")
        #expect(FileManager.default.fileExists(atPath: box.mount.upperDirectory + "/f"))
    }
}

extension RecoveredProcess {
    var isLost: Bool {
        if case .lost = self { return true }
        return false
    }
}
