import Foundation
import Testing
import TestSupport

@Suite(
    "Containers with docker-py", .enabled(if: ContainerTestHost.ready, "\(ContainerTestHost.reason)"),
    .enabled(if: ImageFixtures.haveDockerPy, "python3 with the docker package is not installed"))
struct ContainerPythonTests {
    /// containers.run/create/get/list, logs, top, diff, export, commit, kill, wait, remove, and attach_socket.
    static let script = #"""
        import json, sys, docker
        client = docker.DockerClient(base_url=sys.argv[1], version="auto")
        report = {}
        report["run"] = client.containers.run("bb", ["echo", "hello from py"], remove=True).decode()
        c = client.containers.create("bb", ["sh", "-c", "echo out; echo err >&2; touch /made; exec sleep 300"], name="pyc")
        c.start()
        c.reload()
        report["status"] = c.status
        report["listed"] = [x.name for x in client.containers.list()]
        import time
        for _ in range(50):
            if b"err" in c.logs(): break
            time.sleep(0.1)
        report["logs"] = c.logs().decode()
        report["stdout"] = c.logs(stderr=False).decode()
        report["top"] = c.top()["Titles"]
        report["diff"] = sorted(d["Path"] for d in c.diff() if d["Kind"] == 1)
        report["export"] = sum(len(chunk) for chunk in c.export()) > 0
        image = c.commit(repository="py/committed", tag="1")
        report["commit"] = image.tags
        c.kill()
        report["wait"] = c.wait()["StatusCode"]
        c.remove()
        report["after"] = [x.name for x in client.containers.list(all=True)]
        # attach_socket: stdin in, output out
        a = client.containers.create("bb", ["cat"], stdin_open=True, name="pycat")
        sock = client.api.attach_socket(a.id, params={"stdin": 1, "stdout": 1, "stream": 1})
        a.start()
        sock._sock.sendall(b"through the socket\n")
        data = b""
        deadline = time.time() + 10
        while b"through the socket" not in data and time.time() < deadline:
            data += sock._sock.recv(4096)
        report["attach"] = data[8:].decode() if len(data) > 8 else data.decode()
        a.kill()
        a.remove()
        try:
            client.containers.get("nosuch")
        except docker.errors.NotFound as error:
            report["notfound"] = error.explanation
        print(json.dumps(report))
        """#

    @Test("docker-py: containers.run/create/list/logs/top/diff/export/commit/kill/wait/remove and attach_socket")
    func dockerPy() async throws {
        try await ContainerTestHost.withDaemon { daemon in
            let result = try await Command.run("python3", ["-c", Self.script, daemon.host], timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(report["run"] as? String == "hello from py\n")
            #expect(report["status"] as? String == "running")
            #expect(report["listed"] as? [String] == ["pyc"])
            #expect(report["logs"] as? String == "out\nerr\n")
            #expect(report["stdout"] as? String == "out\n")
            #expect(report["top"] as? [String] == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"])
            #expect((report["diff"] as? [String])?.contains("/made") == true, "\(report["diff"] ?? "")")
            #expect(report["export"] as? Bool == true)
            #expect(report["commit"] as? [String] == ["py/committed:1"])
            #expect(report["wait"] as? Int == 137)
            #expect(report["after"] as? [String] == [])
            #expect(report["attach"] as? String == "through the socket\n")
            #expect(report["notfound"] as? String == "No such container: nosuch")
        }
    }
}
