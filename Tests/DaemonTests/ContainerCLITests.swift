import Foundation
import Testing
import TestSupport

@Suite(
    "Containers with the docker CLI", .serialized,
    .enabled(if: ContainerTestHost.ready, "\(ContainerTestHost.reason)"))
struct ContainerCLITests {
    @Test("run --rm prints, exit codes propagate, -e -w -u apply, PID 1 and the hostname, files stay inside")
    func run() async throws {
        try await ContainerTestHost.withDaemon { daemon in

            let hi = try await daemon.docker(["run", "--rm", "bb", "echo", "hi"])
            #expect(hi.status == 0 && hi.stdout == "hi\n", "\(hi.stdout) \(hi.stderr)")
            let three = try await daemon.docker(["run", "--rm", "bb", "sh", "-c", "exit 3"])
            #expect(three.status == 3, "\(three.stderr)")
            let stderr = try await daemon.docker(["run", "--rm", "bb", "sh", "-c", "echo out; echo err >&2"])
            #expect(stderr.stdout == "out\n" && stderr.stderr == "err\n", "\(stderr.stdout) | \(stderr.stderr)")

            let env = try await daemon.output(["run", "--rm", "-e", "GREETING=hello", "-w", "/tmp", "-u", "nobody", "bb",
                                               "sh", "-c", "echo $GREETING; pwd; id -u"])
            #expect(env == "hello\n/tmp\n65534")

            let identity = try await daemon.docker(["run", "--name", "who", "bb", "sh", "-c", "echo $$; hostname; ps -o pid | tail -n +2; touch /only-inside"])
            let id = try await daemon.output(["inspect", "--format", "{{.Id}}", "who"])
            let lines = identity.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.first == "1", "the container's shell is PID 1 in its own namespace: \(identity.stdout)")
            #expect(lines.dropFirst().first == String(id.prefix(12)), "\(identity.stdout)")
            #expect(lines.dropFirst(2).first == "1", "ps inside sees the container's PID 1: \(identity.stdout)")
            #expect(!FileManager.default.fileExists(atPath: "/only-inside"))

            let missing = try await daemon.docker(["run", "--rm", "bb", "nosuchcommand"])
            #expect(missing.status == 127 && missing.stderr.contains("executable file not found"), "\(missing.status) \(missing.stderr)")
            let noImage = try await daemon.docker(["create", "nosuchimage:1"])
            #expect(noImage.status != 0 && noImage.stderr.contains("Unable to find image 'nosuchimage:1' locally"), "\(noImage.stderr)")
        }
    }

    @Test("run -i pipes stdin to the process and its end is delivered")
    func stdin() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let piped = try await daemon.docker(["run", "--rm", "-i", "bb", "sh", "-c", "cat; echo done"], input: Data("one\ntwo\n".utf8))
            #expect(piped.status == 0 && piped.stdout == "one\ntwo\ndone\n", "\(piped.stdout) \(piped.stderr)")
            let counted = try await daemon.docker(["run", "--rm", "-i", "bb", "wc", "-l"], input: Data(String(repeating: "x\n", count: 5000).utf8))
            #expect(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5000", "\(counted.stdout) \(counted.stderr)")
        }
    }

    @Test("run -d --name, ps, logs, inspect, top, pause/unpause, kill, wait, restart, stop, rm; name conflicts")
    func detached() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let started = try await daemon.docker(["run", "-d", "--name", "web", "bb", "sh", "-c", "echo started; exec sleep 300"])
            #expect(started.status == 0, "\(started.stderr)")
            let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(id.count == 64)

            #expect(try await daemon.output(["ps", "--format", "{{.Names}} {{.Status}}"]).hasPrefix("web Up "))
            var logs = ""
            for _ in 0..<50 where logs != "started" {
                logs = try await daemon.output(["logs", "web"])
                if logs != "started" { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(logs == "started")
            let state = try await daemon.output(["inspect", "--format", "{{.State.Status}} {{.State.Running}} {{.Name}} {{.Config.Image}}", "web"])
            #expect(state == "running true /web bb")
            let networks = try await daemon.output(["inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}", "web"])
            #expect(networks == "host", "no bridge: the container shares the host's network")
            let pid = try await daemon.output(["inspect", "--format", "{{.State.Pid}}", "web"])
            #expect((Int(pid) ?? 0) > 1)
            let top = try await daemon.output(["top", "web"])
            #expect(top.contains("sleep 300") && top.contains(pid), "\(top)")
            let topPID = try await daemon.output(["top", "web", "-o", "pid,comm"])
            #expect(topPID.contains(pid) && topPID.contains("sleep"), "\(topPID)")

            let conflict = try await daemon.docker(["create", "--name", "web", "bb"])
            #expect(conflict.status != 0 && conflict.stderr.contains("The container name \"/web\" is already in use by container \"\(id)\""), "\(conflict.stderr)")

            #expect(try await daemon.docker(["pause", "web"]).status == 0)
            #expect(try await daemon.output(["ps", "--format", "{{.Status}}"]).hasSuffix("(Paused)"))
            #expect(try await daemon.output(["inspect", "--format", "{{.State.Status}} {{.State.Paused}}", "web"]) == "paused true")
            #expect(try await daemon.docker(["unpause", "web"]).status == 0)
            let unpauseAgain = try await daemon.docker(["unpause", "web"])
            #expect(unpauseAgain.status != 0 && unpauseAgain.stderr.contains("is not paused"))

            #expect(try await daemon.docker(["kill", "web"]).status == 0)
            #expect(try await daemon.output(["wait", "web"]) == "137")
            #expect(try await daemon.output(["ps", "-a", "--format", "{{.Status}}"]).hasPrefix("Exited (137)"))
            let killAgain = try await daemon.docker(["kill", "web"])
            #expect(killAgain.status != 0 && killAgain.stderr.contains("is not running"), "\(killAgain.stderr)")

            #expect(try await daemon.docker(["restart", "-t", "1", "web"]).status == 0)
            #expect(try await daemon.output(["inspect", "--format", "{{.State.Running}}", "web"]) == "true")
            let busy = try await daemon.docker(["rm", "web"])
            #expect(busy.status != 0 && busy.stderr.contains("container is running: stop the container before removing or force remove"), "\(busy.stderr)")
            let stopStarted = Date()
            #expect(try await daemon.docker(["stop", "-t", "1", "web"]).status == 0)
            #expect(Date().timeIntervalSince(stopStarted) < 8)
            #expect(try await daemon.output(["inspect", "--format", "{{.State.Status}}", "web"]) == "exited")
            #expect(try await daemon.output(["rm", "web"]) == "web")
            let gone = try await daemon.docker(["inspect", "web"])
            #expect(gone.status != 0 && gone.stderr.contains("No such object: web"), "\(gone.stderr)")
        }
    }

    @Test("docker run -it in a terminal (tmux): a shell with a TTY of the terminal's size, exit code kept",
          .enabled(if: Command.exists("tmux"), "tmux is not installed"))
    func interactiveTTY() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let server = "dtc-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
            func tmux(_ arguments: [String]) async throws -> CommandResult {
                try await Command.run("tmux", ["-L", server] + arguments, timeout: 20)
            }
            defer { _ = try? Command.run("tmux", ["-L", server, "kill-server"], timeout: 20) }
            let command = "DOCKER_HOST=\(daemon.host) DOCKER_CLI_HINTS=false docker run --rm -it bb sh; echo EXITED $?; sleep 60"
            #expect(try await tmux(["new-session", "-d", "-s", "t", "-x", "90", "-y", "25", command]).status == 0)
            func screen() async throws -> String { try await tmux(["capture-pane", "-t", "t", "-p"]).stdout }
            var text = ""
            for _ in 0..<100 where !text.contains("/ #") {
                try await Task.sleep(for: .milliseconds(100))
                text = try await screen()
            }
            _ = try await tmux(["send-keys", "-t", "t", "echo $((6*7)); stty size; tty", "Enter"])
            for _ in 0..<100 where !text.contains("/dev/pts") {
                try await Task.sleep(for: .milliseconds(100))
                text = try await screen()
            }
            #expect(text.contains("\n42\n") && text.contains("25 90") && text.contains("/dev/pts/0"), "\(text)")
            _ = try await tmux(["send-keys", "-t", "t", "exit 5", "Enter"])
            for _ in 0..<100 where !text.contains("EXITED") {
                try await Task.sleep(for: .milliseconds(100))
                text = try await screen()
            }
            #expect(text.contains("EXITED 5"), "\(text)")
        }
    }

    @Test("logs -f follows until the container exits; wait returns the exit code")
    func followLogs() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let started = try await daemon.docker(["run", "-d", "--name", "counter", "bb", "sh", "-c",
                                                   "for i in 1 2 3; do echo line$i; sleep 0.3; done; exit 5"])
            #expect(started.status == 0, "\(started.stderr)")
            let followed = try await daemon.docker(["logs", "-f", "counter"], timeout: 30)
            #expect(followed.stdout == "line1\nline2\nline3\n", "\(followed.stdout) \(followed.stderr)")
            #expect(try await daemon.output(["wait", "counter"]) == "5")
            #expect(try await daemon.output(["logs", "--tail", "1", "counter"]) == "line3")
            let stamped = try await daemon.output(["logs", "--timestamps", "--tail", "2", "counter"]).split(separator: "\n")
            #expect(stamped.count == 2 && stamped.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT[0-9:.]+Z line[23]/) != nil }, "\(stamped)")
        }
    }

    @Test("docker events: create, attach, start, die with its exit code, kill with the signal, stop, destroy — with name and image")
    func events() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let since = String(Int(Date().timeIntervalSince1970) - 1)
            #expect(try await daemon.docker(["run", "--name", "evented", "bb", "sh", "-c", "exit 2"]).status == 2)
            #expect(try await daemon.docker(["run", "-d", "--name", "stopped", "bb", "sleep", "60"]).status == 0)
            #expect(try await daemon.docker(["stop", "-t", "0", "stopped"]).status == 0)
            #expect(try await daemon.docker(["rm", "evented", "stopped"]).status == 0)
            let until = String(Int(Date().timeIntervalSince1970) + 1)
            let format = "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} {{.Actor.Attributes.exitCode}} {{.Actor.Attributes.signal}}"
            let lines = try await daemon.output(["events", "--since", since, "--until", until, "--filter", "type=container", "--format", format])
                .split(separator: "\n").map(String.init)
            #expect(lines.filter { $0.contains(" evented ") }.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                == ["container create", "container attach", "container start", "container die", "container destroy"], "\(lines)")
            #expect(lines.contains("container die evented bb 2 <no value>"), "\(lines)")
            #expect(lines.contains("container kill stopped bb <no value> 15"), "\(lines)")
            #expect(lines.contains("container kill stopped bb <no value> 9"), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("container stop stopped bb") }, "\(lines)")
        }
    }

    @Test("diff, commit and export see the container's changes")
    func filesystem() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let ran = try await daemon.docker(["run", "--name", "changer", "bb", "sh", "-c", "echo x > /newfile; rm /bin/wc"])
            #expect(ran.status == 0, "\(ran.stderr)")
            let diff = try await daemon.output(["diff", "changer"]).split(separator: "\n").map(String.init)
            #expect(diff.contains("A /newfile") && diff.contains("D /bin/wc") && diff.contains("C /bin"), "\(diff)")
            #expect(!diff.contains { $0.contains("/etc/hostname") || $0.contains("/etc/hosts") }, "\(diff)")

            let committed = try await daemon.docker(["commit", "-m", "with a file", "changer", "changed:1"])
            #expect(committed.status == 0 && committed.stdout.hasPrefix("sha256:"), "\(committed.stderr)")
            #expect(try await daemon.output(["run", "--rm", "changed:1", "cat", "/newfile"]) == "x")
            let wc = try await daemon.docker(["run", "--rm", "changed:1", "ls", "/bin/wc"])
            #expect(wc.status != 0)
            let history = try await daemon.output(["history", "--format", "{{.Comment}}", "changed:1"])
            #expect(history.split(separator: "\n").first == "with a file")

            // The new layer holds the container's changes, not the files the runtime gives every container.
            let saveDirectory = try TemporaryDirectory(prefix: "dts")
            defer { saveDirectory.remove() }
            #expect(try await daemon.docker(["save", "-o", saveDirectory.file("changed.tar"), "changed:1"]).status == 0)
            _ = try await Command.run("tar", ["-xf", saveDirectory.file("changed.tar"), "-C", saveDirectory.path])
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saveDirectory.file("manifest.json"))))
            let layers = try #require(((manifest as? [[String: Any]])?.first?["Layers"]) as? [String])
            let top = try await Command.run("tar", ["-tf", saveDirectory.file(try #require(layers.last))]).stdout
            #expect(top.contains("newfile") && top.contains("bin/.wh.wc"), "\(top)")
            #expect(!top.contains("etc/hosts") && !top.contains("etc/hostname") && !top.contains("etc/resolv.conf"), "\(top)")

            let directory = try TemporaryDirectory(prefix: "dtx")
            defer { directory.remove() }
            let tar = directory.file("export.tar")
            #expect(try await daemon.docker(["export", "-o", tar, "changer"]).status == 0)
            let members = try await Command.run("tar", ["-tf", tar]).stdout.split(separator: "\n").map(String.init)
            #expect(members.contains { $0 == "newfile" || $0 == "./newfile" }, "\(members.prefix(20))")
            #expect(!members.contains { $0.hasSuffix("bin/wc") })
            #expect(members.contains { $0.hasSuffix("bin/busybox") })

            // docker cp both ways (HEAD/GET/PUT /containers/{name}/archive).
            let local = directory.file("greeting.txt")
            try "copied in\n".write(toFile: local, atomically: true, encoding: .utf8)
            #expect(try await daemon.docker(["cp", local, "changer:/tmp/"]).status == 0)
            let back = directory.file("back")
            let copiedOut = try await daemon.docker(["cp", "changer:/tmp/greeting.txt", back])
            #expect(copiedOut.status == 0, "\(copiedOut.stderr)")
            #expect((try? String(contentsOfFile: back, encoding: .utf8)) == "copied in\n")
            #expect(try await daemon.output(["diff", "changer"]).contains("A /tmp/greeting.txt"))

            // The image is in use by a container: rmi refuses until the container is gone.
            let inUse = try await daemon.docker(["rmi", "changed:1"])
            #expect(inUse.status == 0, "no container uses changed:1 (the --rm ones are gone): \(inUse.stderr)")
            let bbInUse = try await daemon.docker(["rmi", "bb"])
            #expect(bbInUse.status != 0 && bbInUse.stderr.contains("container"), "\(bbInUse.stderr)")
        }
    }

    @Test("after kill -9 of the daemon a running container is running again: no log line lost, attach, stop; exited ones keep their code")
    func recovery() async throws {
        let daemon = try await ContainerTestHost.daemon()
        let started = try await daemon.docker(["run", "-d", "--name", "survivor", "bb", "sh", "-c",
                                               "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo $i; sleep 0.05; done"])
        #expect(started.status == 0, "\(started.stderr)")
        #expect(try await daemon.docker(["run", "--name", "finished", "bb", "sh", "-c", "exit 4"]).status == 4)
        kill(daemon.process.pid, SIGKILL)
        _ = await daemon.process.waitForExit()
        unlink(daemon.socket)
        let downAt = try String(contentsOfFile: try Self.logPath(daemon), encoding: .utf8).split(separator: "\n").count
        try await Task.sleep(for: .milliseconds(800))

        let restarted = try await ContainerTestHost.daemon(dataRoot: daemon.process.dataRoot, importImage: false)
        #expect(try await restarted.output(["ps", "--format", "{{.Names}}"]) == "survivor")
        #expect(try await restarted.output(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "finished"]) == "exited 4")
        let attached = try await restarted.docker(["attach", "--no-stdin", "survivor"], timeout: 1.5)
        #expect(attached.timedOut && !attached.stdout.isEmpty, "attach relays the live output: \(attached.stdout) \(attached.stderr)")

        let stopped = try await restarted.docker(["stop", "-t", "5", "survivor"])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(try await restarted.output(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "survivor"]) == "exited 0")
        let numbers = try await restarted.output(["logs", "survivor"]).split(separator: "\n").compactMap { Int($0) }
        #expect(numbers == Array(1...(numbers.last ?? 1)), "every line is in the log, in order")
        #expect((numbers.last ?? 0) > downAt + 5, "lines written while the daemon was down are there: \(downAt) then \(numbers.last ?? 0)")
        await restarted.removeContainersAndStop()
        withExtendedLifetime(daemon) {}
    }

    /// The json-file log of container `survivor` under the daemon's data root.
    private static func logPath(_ daemon: ImageTestDaemon) throws -> String {
        let root = daemon.process.dataRoot + "/containers"
        for id in try FileManager.default.contentsOfDirectory(atPath: root) {
            let record = (try? String(contentsOfFile: "\(root)/\(id)/config.json", encoding: .utf8)) ?? ""
            if record.contains("\"\\/survivor\"") || record.contains("\"/survivor\"") { return "\(root)/\(id)/json.log" }
        }
        throw ImageTestFailure("no log for survivor under \(root)")
    }
}
