import APIServer
import Errdefs
import Foundation
import Testing
import TestSupport

@Suite("The container routes over a fake container backend")
struct ContainerRoutesTests {
    private func start(_ containers: FakeContainers) async throws -> APIHarness {
        try await APIHarness.start(apiVersion: "1.51", containers: containers)
    }

    private func json(_ response: HTTPResponseText) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(response.body))
    }

    private func post(_ harness: APIHarness, _ path: String, json body: String) async throws -> HTTPResponseText {
        try await harness.request("POST", path, headers: ["Content-Type": "application/json"], body: body)
    }

    @Test("create: 201 with Id and Warnings; name, a string Cmd and HostConfig reach the backend; unknown fields are ignored")
    func create() async throws {
        let containers = FakeContainers()
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let body = #"{"Image":"busybox","Cmd":"echo hi","Env":null,"Tty":true,"Frobnicate":{"x":1},"#
            + #""HostConfig":{"AutoRemove":true,"NetworkMode":"none","RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"Whatever":[1]},"#
            + #""NetworkingConfig":{"EndpointsConfig":{}}}"#
        let response = try await post(harness, "/v1.47/containers/create?name=web", json: body)
        #expect(response.status == 201)
        #expect(response.bodyText == #"{"Id":"\#(FakeContainers.id("c"))","Warnings":[]}"# + "\n")
        let call = try #require(containers.calls.withLock { $0.created.first })
        #expect(call.name == "web")
        #expect(call.request.config.cmd == ["echo hi"])
        #expect(call.request.config.tty == true && call.request.config.env == nil)
        #expect(call.request.hostConfig.autoRemove == true && call.request.hostConfig.networkMode == "none")
        #expect(call.request.hostConfig.restartPolicy == .init(name: "on-failure", maximumRetryCount: 3))
    }

    @Test("create refuses broken JSON and a missing Image with 400; an unknown image is 404 and a taken name 409")
    func createErrors() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "taken"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        #expect(try await post(harness, "/v1.47/containers/create", json: #"{"Image": "busybox""#).status == 400)
        #expect(try await post(harness, "/v1.47/containers/create", json: #"{"Cmd": ["sh"]}"#).status == 400)
        #expect(try await post(harness, "/v1.47/containers/create", json: "").status == 400)
        #expect(try await harness.request("POST", "/v1.47/containers/create", headers: ["Content-Type": "text/plain"], body: #"{"Image":"busybox"}"#).status == 400)
        let unknown = try await post(harness, "/v1.47/containers/create", json: #"{"Image": "nothing"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.bodyText == #"{"message":"No such image: nothing:latest"}"# + "\n")
        #expect(try await post(harness, "/v1.47/containers/create?name=taken", json: #"{"Image": "busybox"}"#).status == 409)
        #expect(containers.calls.withLock { $0.created.count } == 2, "only well-formed requests reach the backend")
    }

    @Test("start answers 204, then 304 with no body; stop passes t and signal, then 304 once stopped")
    func startAndStop() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("POST", "/v1.47/containers/web/start").status == 204)
        let again = try await harness.request("POST", "/v1.47/containers/web/start")
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(try await harness.request("POST", "/v1.47/containers/web/stop?t=3&signal=SIGINT").status == 204)
        #expect(try await harness.request("POST", "/v1.47/containers/web/stop").status == 304)
        let stops = containers.calls.withLock { $0.stopped.map(\.options) }
        #expect(stops == [ContainerStopOptions(timeout: 3, signal: 2), ContainerStopOptions()])
        #expect(try await harness.request("POST", "/v1.47/containers/web/stop?t=soon").status == 400)
        #expect(try await harness.request("POST", "/v1.47/containers/web/restart?t=1").status == 204)
    }

    @Test("kill: a signal name or number; 409 when not running; an unknown signal is 400; a missing container is a JSON 404")
    func kill() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("POST", "/v1.47/containers/web/kill?signal=HUP").status == 204)
        let stopped = try await harness.request("POST", "/v1.47/containers/web/kill?signal=9")
        #expect(stopped.status == 409)
        #expect(stopped.bodyText.contains("is not running"))
        #expect(try await harness.request("POST", "/v1.47/containers/web/kill?signal=SIGNOPE").status == 400)
        #expect(containers.calls.withLock { $0.killed.map(\.signal) } == [1, 9])
        let missing = try await harness.request("POST", "/v1.47/containers/nope/kill")
        #expect(missing.status == 404)
        #expect(missing.bodyText == #"{"message":"No such container: nope"}"# + "\n")
    }

    @Test("pause and unpause: 204, 409 when already paused, the backend's error when not paused")
    func pause() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("POST", "/v1.47/containers/web/pause").status == 204)
        #expect(try await harness.request("POST", "/v1.47/containers/web/pause").status == 409)
        #expect(try await harness.request("POST", "/v1.47/containers/web/unpause").status == 204)
        #expect(try await harness.request("POST", "/v1.47/containers/web/unpause").status == 500)
    }

    @Test("delete: 409 while running, 204 with force; force, v and link reach the backend")
    func delete() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let running = try await harness.request("DELETE", "/v1.47/containers/web")
        #expect(running.status == 409)
        #expect(running.bodyText.contains("stop the container before removing or force remove"))
        #expect(try await harness.request("DELETE", "/v1.47/containers/web?force=1&v=1").status == 204)
        #expect(try await harness.request("DELETE", "/v1.47/containers/web").status == 404)
        let options = containers.calls.withLock { $0.removed.map(\.options) }
        #expect(options == [ContainerRemoveOptions(), ContainerRemoveOptions(force: true, removeVolumes: true)])
    }

    @Test("json and the seed's ps: all, limit, size and filters reach the backend; rows have dockerd's shape")
    func list() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let rows = try #require(try json(try await harness.request("GET", "/v1.47/containers/json")) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows[0]["Names"] as? [String] == ["/web"])
        #expect(rows[0]["State"] as? String == "running")
        #expect((rows[0]["HostConfig"] as? [String: Any])?["NetworkMode"] as? String == "host")
        #expect((rows[0]["NetworkSettings"] as? [String: Any])?["Networks"] is [String: Any])
        #expect(rows[0]["SizeRw"] == nil && rows[0]["Ports"] as? [Any] != nil && rows[0]["Mounts"] as? [Any] != nil)
        let filters = #"{"status":["exited"],"label":{"a=b":true}}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let sized = try #require(
            try json(try await harness.request("GET", "/v1.47/containers/json?all=1&limit=2&size=1&filters=\(filters)")) as? [[String: Any]])
        #expect(sized[0]["SizeRw"] as? Int == 5)
        _ = try await harness.request("GET", "/containers/ps?before=abc")
        #expect(try await harness.request("GET", "/v1.47/containers/json?limit=x").status == 400)
        let listed = containers.calls.withLock { $0.listed }
        #expect(listed.count == 3)
        #expect(listed[0] == ContainerListOptions())
        #expect(listed[1] == ContainerListOptions(all: true, limit: 2, size: true, filters: ["status": ["exited"], "label": ["a=b"]]))
        #expect(listed[2].filters == ["before": ["abc"]])
    }

    @Test("inspect, top (ps_args, default -ef, 409 when stopped) and changes have Docker's shapes")
    func inspection() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true, tty: true))
        containers.add(.init(id: FakeContainers.id("2"), name: "idle"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let inspect = try #require(try json(try await harness.request("GET", "/v1.47/containers/web/json")) as? [String: Any])
        #expect(inspect["Name"] as? String == "/web")
        #expect(inspect["Id"] as? String == FakeContainers.id("1"))
        let state = try #require(inspect["State"] as? [String: Any])
        #expect(state["Running"] as? Bool == true && state["Status"] as? String == "running" && state["Pid"] as? Int == 42)
        #expect(state["FinishedAt"] as? String == "0001-01-01T00:00:00Z")
        #expect((inspect["Config"] as? [String: Any])?["Tty"] as? Bool == true)
        #expect((inspect["HostConfig"] as? [String: Any])?["NetworkMode"] as? String == "host")
        #expect(inspect["SizeRw"] == nil)
        #expect((try json(try await harness.request("GET", "/v1.47/containers/web/json?size=1")) as? [String: Any])?["SizeRw"] as? Int == 5)
        #expect(try await harness.request("GET", "/v1.47/containers/nope/json").status == 404)

        let top = try await harness.request("GET", "/v1.47/containers/web/top")
        #expect(top.bodyText == #"{"Processes":[["42","sh"]],"Titles":["PID","CMD"]}"# + "\n")
        _ = try await harness.request("GET", "/v1.47/containers/web/top?ps_args=aux")
        #expect(containers.calls.withLock { $0.top } == ["-ef", "aux"])
        #expect(try await harness.request("GET", "/v1.47/containers/idle/top").status == 409)

        let changes = try await harness.request("GET", "/v1.47/containers/web/changes")
        #expect(changes.bodyText == #"[{"Kind":0,"Path":"/tmp"},{"Kind":1,"Path":"/tmp/new"}]"# + "\n")
    }

    @Test("export and copy stream an application/x-tar body; copy needs a JSON Resource and 404s on a missing path")
    func archives() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let export = try await harness.request("GET", "/v1.47/containers/web/export")
        #expect(export.status == 200)
        #expect(export.header("Content-Type") == "application/x-tar")
        #expect(export.bodyText == "tar-1;tar-2")
        #expect(try await harness.request("GET", "/v1.47/containers/nope/export").status == 404)

        let copy = try await post(harness, "/v1.47/containers/web/copy", json: #"{"Resource":"/etc/hostname"}"#)
        #expect(copy.status == 200 && copy.bodyText == "hostname-tar")
        let missing = try await post(harness, "/v1.47/containers/web/copy", json: #"{"Resource":"/nothing"}"#)
        #expect(missing.status == 404)
        #expect(missing.bodyText.contains("Could not find the file /nothing in container web"))
        #expect(try await post(harness, "/v1.47/containers/web/copy", json: #"{"Resource":""}"#).status == 400)
        #expect(try await harness.request("POST", "/v1.47/containers/web/copy", headers: ["Content-Type": "text/plain"], body: #"{"Resource":"/x"}"#).status == 400)
    }

    @Test("archive: HEAD and GET carry the path's stat as base64 JSON (Go file mode); GET streams the tar; no path is 400")
    func archive() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let head = try await harness.request("HEAD", "/v1.47/containers/web/archive?path=/etc/hostname")
        #expect(head.status == 200 && head.body.isEmpty)
        let encoded = try #require(head.header("X-Docker-Container-Path-Stat"))
        let json = try #require(Data(base64Encoded: encoded))
        let stat = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(stat["name"] as? String == "hostname" && stat["size"] as? Int == 4 && stat["mode"] as? Int == 0o644)
        #expect(stat["mtime"] as? String == "2023-11-14T22:13:20.000000001Z" && stat["linkTarget"] as? String == "")
        let get = try await harness.request("GET", "/v1.47/containers/web/archive?path=/etc/hostname")
        #expect(get.status == 200 && get.bodyText == "hostname-tar")
        #expect(get.header("Content-Type") == "application/x-tar" && get.header("X-Docker-Container-Path-Stat") == encoded)
        #expect(try await harness.request("GET", "/v1.47/containers/web/archive?path=/nothing").status == 404)
        #expect(try await harness.request("GET", "/v1.47/containers/web/archive").status == 400)
        #expect(ContainerPathStat.goFileMode(unixMode: 0o040755) == (1 << 31 | 0o755))
        #expect(ContainerPathStat.goFileMode(unixMode: 0o120777) == (1 << 27 | 0o777))
    }

    @Test("archive PUT: the body and options reach the backend; 200; a missing or non-directory path is refused")
    func archiveUpload() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let put = try await harness.request(
            "PUT", "/v1.47/containers/web/archive?path=/tmp&noOverwriteDirNonDir=true", headers: ["Content-Type": "application/x-tar"],
            body: "a tar")
        #expect(put.status == 200 && put.body.isEmpty)
        let call = try #require(containers.calls.withLock { $0.extracted.first })
        #expect(call.path == "/tmp" && call.bytes == Data("a tar".utf8))
        #expect(call.options == ContainerExtractOptions(noOverwriteDirNonDir: true))
        #expect(try await harness.request("PUT", "/v1.47/containers/web/archive?path=/etc/hostname", body: "x").status == 400)
        #expect(try await harness.request("PUT", "/v1.47/containers/web/archive?path=/nothing", body: "x").status == 404)
        #expect(try await harness.request("PUT", "/v1.47/containers/web/archive", body: "x").status == 400)
    }

    @Test("commit: 201 with the image Id; container, repo, tag, comment, author, repeated changes, pause and the body reach the backend")
    func commit() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let response = try await harness.request(
            "POST", "/v1.47/commit?container=web&repo=app&tag=2&comment=hi&author=me&changes=CMD%20sh&changes=ENV%20A%3Db")
        #expect(response.status == 201)
        #expect(response.bodyText == #"{"Id":"sha256:\#(FakeContainers.id("e"))"}"# + "\n")
        _ = try await post(harness, "/v1.47/commit?container=web&pause=0", json: #"{"Labels":{"x":"y"}}"#)
        let calls = containers.calls.withLock { $0.committed }
        #expect(calls.first == ContainerCommitOptions(
            container: "web", repository: "app", tag: "2", comment: "hi", author: "me", changes: ["CMD sh", "ENV A=b"]))
        #expect(calls.last?.pause == false && calls.last?.config?.labels == ["x": "y"])
        #expect(try await harness.request("POST", "/v1.47/commit?container=nope").status == 404)
    }

    @Test("resize passes h and w and answers 200; a non-integer size is 400")
    func resize() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("POST", "/v1.47/containers/web/resize?h=24&w=80").status == 200)
        #expect(try await harness.request("POST", "/v1.47/containers/web/resize?h=24&w=wide").status == 400)
        #expect(containers.calls.withLock { $0.resized.map { [$0.height, $0.width] } } == [[24, 80]])
    }

    @Test("without a container backend the routes answer 501")
    func noBackend() async throws {
        let harness = try await APIHarness.start(apiVersion: "1.51")
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("GET", "/v1.47/containers/json").status == 501)
        #expect(try await harness.request("POST", "/v1.47/containers/x/start").status == 501)
    }
}
