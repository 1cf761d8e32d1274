import APIServer
import Errdefs
import Foundation
import Testing
import TestSupport

@Suite("The image routes over a fake image backend")
struct ImageRoutesTests {
    static let untagged = ImageSummaryResponse(
        created: 1, id: "sha256:" + String(repeating: "1", count: 64), labels: nil, parentID: "", repoDigests: nil,
        repoTags: nil, size: 10)
    static let tagged = ImageSummaryResponse(
        created: 2, id: "sha256:" + String(repeating: "2", count: 64), labels: ["a": "b"], parentID: "",
        repoDigests: nil, repoTags: ["app:1"], size: 20)

    private func start(_ images: FakeImages = FakeImages()) async throws -> APIHarness {
        try await APIHarness.start(apiVersion: "1.51", images: images)
    }

    private func json(_ response: HTTPResponseText) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(response.body))
    }

    @Test("GET /images/json: <none>:<none> and VirtualSize for old clients, [] and no VirtualSize for new ones")
    func listShapes() async throws {
        let images = FakeImages()
        images.set { $0.rows = [Self.tagged, Self.untagged] }
        let harness = try await start(images)
        defer { Task { await harness.stop() } }

        let old = try #require(try json(try await harness.request("GET", "/v1.41/images/json")) as? [[String: Any]])
        #expect(old[1]["RepoTags"] as? [String] == ["<none>:<none>"])
        #expect(old[1]["RepoDigests"] as? [String] == ["<none>@<none>"])
        #expect(old[0]["RepoTags"] as? [String] == ["app:1"])
        #expect(old[0]["RepoDigests"] is NSNull, "dockerd leaves an empty list null for API < 1.43")
        #expect(old[0]["VirtualSize"] as? Int == 20)
        #expect(old[1]["Labels"] is NSNull)

        let new = try #require(try json(try await harness.request("GET", "/v1.44/images/json")) as? [[String: Any]])
        #expect(new[1]["RepoTags"] as? [String] == [])
        #expect(new[1]["RepoDigests"] as? [String] == [])
        #expect(new[0]["VirtualSize"] == nil)
        #expect(new[0]["Size"] as? Int == 20)
        #expect(new[0]["Containers"] as? Int == -1)
    }

    @Test("list parameters reach the backend: all, filters, and the old filter glob only before 1.41")
    func listParameters() async throws {
        let images = FakeImages()
        let harness = try await start(images)
        defer { Task { await harness.stop() } }
        _ = try await harness.request("GET", "/v1.41/images/json?all=1&filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D")
        _ = try await harness.request("GET", "/v1.40/images/json?filter=busy*")
        _ = try await harness.request("GET", "/v1.41/images/json?filter=busy*")
        let listed = images.calls.withLock { $0.listed }
        #expect(listed.count == 3)
        #expect(listed[0].all && listed[0].filters == ["dangling": ["true"]])
        #expect(!listed[1].all && listed[1].filters == ["reference": ["busy*"]])
        #expect(listed[2].filters.isEmpty)
        #expect(try await harness.request("GET", "/v1.41/images/json?filters=nope").status == 400)
    }

    @Test("inspect drops VirtualSize from 1.44 and Container/ContainerConfig from 1.45; unknown is a JSON 404")
    func inspectShapes() async throws {
        let harness = try await start()
        defer { Task { await harness.stop() } }
        let old = try #require(try json(try await harness.request("GET", "/v1.41/images/busybox/json")) as? [String: Any])
        #expect(old["VirtualSize"] as? Int == 42)
        #expect(old["ContainerConfig"] != nil && old["Container"] as? String == "")
        #expect((old["Config"] as? [String: Any])?["Cmd"] as? [String] == ["sh"])
        #expect((old["RootFS"] as? [String: Any])?["Type"] as? String == "layers")
        let v144 = try #require(try json(try await harness.request("GET", "/v1.44/images/busybox/json")) as? [String: Any])
        #expect(v144["VirtualSize"] == nil && v144["ContainerConfig"] != nil)
        let v145 = try #require(try json(try await harness.request("GET", "/v1.45/images/busybox/json")) as? [String: Any])
        #expect(v145["ContainerConfig"] == nil && v145["Container"] == nil)
        let missing = try await harness.request("GET", "/v1.41/images/nothing/json")
        #expect(missing.status == 404)
        #expect(missing.bodyText == #"{"message":"No such image: nothing"}"# + "\n")
    }

    @Test("tag answers 201; delete passes force and noprune and maps a conflict to 409")
    func tagAndDelete() async throws {
        let images = FakeImages()
        let harness = try await start(images)
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("POST", "/v1.41/images/busybox/tag?repo=localhost:5000/x&tag=2").status == 201)
        #expect(images.calls.withLock { $0.tagged.map { "\($0.name) \($0.repository) \($0.tag)" } } == ["busybox localhost:5000/x 2"])
        let deleted = try await harness.request("DELETE", "/v1.41/images/app?force=1&noprune=1")
        #expect(deleted.status == 200)
        #expect(deleted.bodyText.hasPrefix(#"[{"Untagged":"app:latest"},{"Deleted":"sha256:"#))
        #expect(images.calls.withLock { $0.removed.map { "\($0.name) \($0.force) \($0.noPrune)" } } == ["app true true"])
        #expect(try await harness.request("DELETE", "/v1.41/images/used").status == 409)
    }

    @Test("import: the body reaches the backend with repo, tag, repeated changes and message; the stream ends with the ID")
    func importStream() async throws {
        let images = FakeImages()
        let harness = try await start(images)
        defer { Task { await harness.stop() } }
        let response = try await harness.request(
            "POST", "/v1.41/images/create?fromSrc=-&repo=app&tag=1&changes=CMD%20sh&changes=ENV%20A%3Db&message=hi",
            body: "a rootfs tarball")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.bodyText == #"{"status":"sha256:\#(String(repeating: "d", count: 64))"}"# + "\r\n")
        let call = try #require(images.calls.withLock { $0.imported.first })
        #expect(call.request == ImageImportRequest(repository: "app", tag: "1", changes: ["CMD sh", "ENV A=b"], message: "hi"))
        #expect(call.body == Data("a rootfs tarball".utf8))
    }

    @Test("an error before any output is a status; after progress has started it is written in-band")
    func importErrors() async throws {
        let images = FakeImages()
        images.set { $0.failure = .invalidParameter("invalid tar header") }
        let harness = try await start(images)
        defer { Task { await harness.stop() } }
        let quick = try await harness.request("POST", "/v1.41/images/create?fromSrc=-", body: "junk")
        #expect(quick.status == 400)
        #expect(quick.bodyText == #"{"message":"invalid tar header"}"# + "\n")

        images.set { $0.slowFailure = .milliseconds(1500) }
        let slow = try await harness.request("POST", "/v1.41/images/create?fromSrc=-", body: "junk")
        #expect(slow.status == 200)
        let lines = slow.bodyText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count >= 2)
        #expect(lines.dropLast().allSatisfy { $0.contains(#""status":"Importing""#) && $0.contains(#""progressDetail":{"current":4,"total":4}"#) })
        #expect(lines.last == #"{"error":"invalid tar header","errorDetail":{"message":"invalid tar header"}}"#)
    }

    @Test("pull, URL sources and a missing source are refused before the body is read")
    func createRefusals() async throws {
        let harness = try await start()
        defer { Task { await harness.stop() } }
        let pull = try await harness.request("POST", "/v1.41/images/create?fromImage=docker.io/library/busybox&tag=latest")
        #expect(pull.status == 501 && pull.bodyText.contains("pulling images is not implemented yet"))
        #expect(try await harness.request("POST", "/v1.41/images/create?fromSrc=https://x/y.tar").status == 501)
        #expect(try await harness.request("POST", "/v1.41/images/create").status == 400)
        #expect(try await harness.request("POST", "/v1.41/images/create?fromSrc=-&platform=windows/amd64", body: "x").status == 400)
    }

    @Test("load: one stream message per loaded image; quiet drops progress; a failure before output is a status")
    func loadStream() async throws {
        let images = FakeImages()
        let harness = try await start(images)
        defer { Task { await harness.stop() } }
        let quiet = try await harness.request("POST", "/v1.41/images/load?quiet=1", body: "tarball")
        #expect(quiet.status == 200)
        #expect(quiet.bodyText == #"{"stream":"Loaded image: busybox:latest\n"}"# + "\r\n" + #"{"stream":"Loaded image: other:1\n"}"# + "\r\n")
        #expect(images.calls.withLock { $0.loadedBodies } == [Data("tarball".utf8)])

        images.set { $0.slowFailure = .milliseconds(1300) }
        let verbose = try await harness.request("POST", "/v1.41/images/load", body: "tarball")
        #expect(verbose.bodyText.contains(#""status":"Loading layer""#))
        #expect(verbose.bodyText.contains(#""id":"0123456789ab""#))
        #expect(verbose.bodyText.hasSuffix(#"{"stream":"Loaded image: other:1\n"}"# + "\r\n"))

        images.set {
            $0.slowFailure = nil
            $0.failure = .invalidParameter("invalid archive")
        }
        #expect(try await harness.request("POST", "/v1.41/images/load?quiet=1", body: "junk").status == 400)
    }

    @Test("save: a tar stream for /images/get?names= and /images/{name}/get; 404 before the first byte; a later failure truncates")
    func saveStream() async throws {
        let images = FakeImages()
        let harness = try await start(images)
        defer { Task { await harness.stop() } }
        let saved = try await harness.request("GET", "/v1.41/images/get?names=a&names=b:1")
        #expect(saved.status == 200)
        #expect(saved.header("Content-Type") == "application/x-tar")
        #expect(saved.bodyText == "tar-part-1;tar-part-2")
        #expect(try await harness.request("GET", "/v1.41/images/localhost:5000/c/get").status == 200)
        #expect(images.calls.withLock { $0.saved } == [["a", "b:1"], ["localhost:5000/c"]])
        #expect(try await harness.request("GET", "/v1.41/images/missing/get").status == 404)

        images.set { $0.failMidSave = true }
        await #expect(throws: RawConnection.Failure.self) {
            _ = try await harness.request("GET", "/v1.41/images/get?names=a")
        }
    }

    @Test("viz answers the seed's dot text; search and push stay 501")
    func vizSearchPush() async throws {
        let harness = try await start()
        defer { Task { await harness.stop() } }
        let viz = try await harness.request("GET", "/v1.41/images/viz")
        #expect(viz.status == 200 && viz.bodyText.hasPrefix("digraph docker {"))
        #expect(try await harness.request("GET", "/v1.41/images/search?term=x").status == 501)
        #expect(try await harness.request("POST", "/v1.41/images/x/push").status == 501)
    }
}
