import APIServer
import Foundation
import Testing
import TestSupport

/// The docker CLI itself reading the container routes' answers (over the fake backend): the JSON shapes and
/// stream framings are what a real client parses, not only what the other tests assert.
@Suite("The docker CLI against the container routes")
struct ContainerCLITests {
    private func docker(_ harness: APIHarness, _ arguments: [String]) async throws -> CommandResult {
        try await Command.run(
            "docker", ["-H", "unix://\(harness.socket)"] + arguments,
            environment: ["DOCKER_CONFIG": harness.directory.file("docker-config")], timeout: 30)
    }

    @Test("docker run: create, attach (101), wait before start, start; the output is printed and the exit code propagates")
    func run() async throws {
        guard Command.exists("docker") else {
            print("skipping: the docker CLI is not installed")
            return
        }
        let containers = FakeContainers()
        let harness = try await APIHarness.start(apiVersion: "1.51", containers: containers)
        defer { Task { await harness.stop() } }
        let hello = try await docker(harness, ["run", "--name", "hello", "busybox", "echo", "hi", "there"])
        #expect(hello.status == 0, "\(hello.stderr)")
        #expect(hello.stdout == "hi there\n")
        let failing = try await docker(harness, ["run", "--rm", "busybox", "sh", "-c", "exit 3"])
        #expect(failing.status == 3, "\(failing.stderr)")
        let piped = try await Command.run(
            "docker", ["-H", "unix://\(harness.socket)", "run", "-i", "busybox", "cat"],
            environment: ["DOCKER_CONFIG": harness.directory.file("docker-config")], input: Data("piped in\n".utf8), timeout: 30)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == "piped in\n", "stdin reaches the container and its end ends the run")
        let created = containers.calls.withLock { $0.created }
        #expect(created.map(\.name) == ["hello", nil, nil])
        #expect(created[1].request.hostConfig.autoRemove == true)
        #expect(containers.calls.withLock { $0.attached.map(\.stdin) } == [false, false, true])
    }

    @Test("docker-py: containers.run returns the output, get/list/top/diff/wait/kill/remove read the answers")
    func dockerPy() async throws {
        guard (try? await Command.run("python3", ["-c", "import docker"]))?.status == 0 else {
            print("skipping: docker-py is not installed")
            return
        }
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await APIHarness.start(apiVersion: "1.51", containers: containers)
        defer { Task { await harness.stop() } }
        let script = """
            import sys, docker
            c = docker.DockerClient(base_url="unix://" + sys.argv[1], version="1.47")
            print(c.containers.run("busybox", ["echo", "hi"], name="py"))
            web = c.containers.get("web")
            print(web.name, web.status, web.attrs["State"]["Pid"])
            print(sorted(x.name for x in c.containers.list(all=True)))
            print(web.top()["Processes"], web.diff())
            web.kill(signal="SIGHUP")
            print(c.containers.get("py").wait())
            c.containers.get("py").remove()
            print([x.name for x in c.containers.list(all=True)])
            """
        let result = try await Command.run("python3", ["-c", script, harness.socket], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            "b'hi\\n'",
            "web running 42",
            "['py', 'web']",
            "[['42', 'sh']] [{'Kind': 0, 'Path': '/tmp'}, {'Kind': 1, 'Path': '/tmp/new'}]",
            "{'StatusCode': 0}",
            "['web']",
        ])
        #expect(containers.calls.withLock { $0.killed.map(\.signal) } == [1])
    }

    @Test("ps, inspect, top, diff, logs, wait, kill and rm print what dockerd's answers would make them print")
    func cliReadsAnswers() async throws {
        guard Command.exists("docker") else {
            print("skipping: the docker CLI is not installed")
            return
        }
        let containers = FakeContainers()
        let logs = [
            ContainerLogEntry(stream: .stdout, bytes: Data("out\n".utf8), timeNano: 1),
            ContainerLogEntry(stream: .stderr, bytes: Data("err\n".utf8), timeNano: 2),
        ]
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true, logs: logs))
        containers.add(.init(id: FakeContainers.id("2"), name: "idle"))
        let harness = try await APIHarness.start(apiVersion: "1.51", containers: containers)
        defer { Task { await harness.stop() } }

        let ps = try await docker(harness, ["ps", "-a", "--format", "{{.Names}} {{.State}} {{.Status}} {{.Image}}"])
        #expect(ps.status == 0, "\(ps.stderr)")
        #expect(ps.stdout.split(separator: "\n").sorted() == ["idle exited Exited (0) 1 second ago busybox", "web running Up 1 second busybox"])
        let inspect = try await docker(harness, ["inspect", "--format", "{{.Name}} {{.State.Running}} {{.State.Pid}} {{.Config.Image}}", "web"])
        #expect(inspect.stdout == "/web true 42 busybox\n", "\(inspect.stderr)")
        let top = try await docker(harness, ["top", "web"])
        #expect(top.stdout.replacingOccurrences(of: " +", with: " ", options: .regularExpression) == "PID CMD\n42 sh\n", "\(top.stderr)")
        let diff = try await docker(harness, ["diff", "web"])
        #expect(diff.stdout == "C /tmp\nA /tmp/new\n", "\(diff.stderr)")
        let log = try await docker(harness, ["logs", "web"])
        #expect(log.stdout == "out\n" && log.stderr == "err\n")
        let wait = try await docker(harness, ["wait", "idle"])
        #expect(wait.stdout == "0\n", "\(wait.stderr)")
        let kill = try await docker(harness, ["kill", "--signal", "HUP", "web"])
        #expect(kill.stdout == "web\n", "\(kill.stderr)")
        let notRunning = try await docker(harness, ["kill", "web"])
        #expect(notRunning.status != 0 && notRunning.stderr.contains("is not running"))
        let commit = try await docker(harness, ["commit", "-c", "CMD sh", "-m", "note", "idle", "app:2"])
        #expect(commit.stdout == "sha256:\(FakeContainers.id("e"))\n", "\(commit.stderr)")
        #expect(containers.calls.withLock { $0.committed.first } == ContainerCommitOptions(
            container: "idle", repository: "docker.io/library/app", tag: "2", comment: "note", changes: ["CMD sh"]))
        let export = try await docker(harness, ["export", "idle"])
        #expect(export.stdout == "tar-1;tar-2")
        let copied = try await docker(harness, ["cp", "idle:/etc/hostname", "-"])
        #expect(copied.stdout == "hostname-tar", "\(copied.stderr)")
        let local = harness.directory.file("notes.txt")
        try Data("from the host\n".utf8).write(to: URL(fileURLWithPath: local))
        let upload = try await docker(harness, ["cp", local, "idle:/tmp"])
        #expect(upload.status == 0, "\(upload.stderr)")
        let sent = try #require(containers.calls.withLock { $0.extracted.first })
        #expect(sent.path == "/tmp" && sent.bytes.range(of: Data("from the host\n".utf8)) != nil)
        #expect(sent.bytes.range(of: Data("notes.txt".utf8)) != nil, "a tar naming the file")
        #expect(try await docker(harness, ["rm", "idle"]).status == 0)
        let missing = try await docker(harness, ["inspect", "--type", "container", "idle"])
        #expect(missing.status != 0 && missing.stderr.contains("No such container: idle"), "\(missing.stderr)")
    }
}
