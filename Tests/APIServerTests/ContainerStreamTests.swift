import APIServer
import Foundation
import Testing
import TestSupport

@Suite("Container streams: logs framing and follow, wait's early head, attach hijack with stdin")
struct ContainerStreamTests {
    private func start(_ containers: FakeContainers) async throws -> APIHarness {
        try await APIHarness.start(apiVersion: "1.51", containers: containers)
    }

    /// The head (up to the blank line) and what follows it.
    private func split(_ bytes: [UInt8]) -> (head: String, rest: [UInt8])? {
        let marker: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        return (String(decoding: bytes[..<end], as: UTF8.self), Array(bytes[(end + 4)...]))
    }

    private func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [stream, 0, 0, 0, 0, 0, UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
    }

    private static func contains(_ needle: String) -> @Sendable ([UInt8]) -> Bool {
        let bytes = Array(needle.utf8)
        return { haystack in
            haystack.count >= bytes.count && haystack.indices.contains { haystack[$0...].starts(with: bytes) }
        }
    }

    private static let entries = [
        ContainerLogEntry(stream: .stdout, bytes: Data("out\n".utf8), timeNano: 1_700_000_000_000_000_001),
        ContainerLogEntry(stream: .stderr, bytes: Data("err\n".utf8), timeNano: 1_700_000_001_500_000_000),
    ]

    @Test("logs without a TTY: one 8-byte-header frame per entry, multiplexed content type from 1.42, streams as asked")
    func multiplexedLogs() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", logs: Self.entries))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let both = try await harness.request("GET", "/v1.47/containers/web/logs?stdout=1&stderr=1&tail=all")
        #expect(both.status == 200)
        #expect(both.header("Content-Type") == "application/vnd.docker.multiplexed-stream")
        #expect(both.body == frame(1, "out\n") + frame(2, "err\n"))
        let old = try await harness.request("GET", "/v1.41/containers/web/logs?stderr=1&tail=5&since=1700000001")
        #expect(old.header("Content-Type") == "application/vnd.docker.raw-stream")
        #expect(old.body == frame(2, "err\n"))
        let options = containers.calls.withLock { $0.logs }
        #expect(options[0] == ContainerLogsOptions(stdout: true, stderr: true))
        #expect(options[1] == ContainerLogsOptions(stdout: false, stderr: true, tail: 5, sinceNano: 1_700_000_001_000_000_000))
    }

    @Test("logs: timestamps prefix RFC 3339 with nine digits; a TTY container's log is raw; no stream chosen is 400")
    func rawAndTimestamps() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", logs: Self.entries))
        containers.add(.init(id: FakeContainers.id("2"), name: "term", tty: true, logs: Self.entries))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let stamped = try await harness.request("GET", "/v1.47/containers/web/logs?stdout=1&timestamps=1")
        #expect(stamped.body == frame(1, "2023-11-14T22:13:20.000000001Z out\n"))
        let raw = try await harness.request("GET", "/v1.47/containers/term/logs?stdout=1&stderr=1")
        #expect(raw.header("Content-Type") == "application/vnd.docker.raw-stream")
        #expect(raw.bodyText == "out\nerr\n")
        let none = try await harness.request("GET", "/v1.47/containers/web/logs")
        #expect(none.status == 400)
        #expect(none.bodyText.contains("you must choose at least one stream"))
        #expect(try await harness.request("GET", "/v1.47/containers/nope/logs?stdout=1").status == 404)
    }

    @Test("logs follow: the head is flushed at once, entries arrive as they are written, the stream ends with the log")
    func follow() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write("GET /v1.47/containers/web/logs?stdout=1&follow=1 HTTP/1.1\r\nHost: d\r\n\r\n")
        let head = await connection.receive(timeout: 5, until: Self.contains("\r\n\r\n"))
        #expect(split(head.bytes)?.head.hasPrefix("HTTP/1.1 200") == true)
        containers.followed.continuation.yield(ContainerLogEntry(stream: .stdout, bytes: Data("live\n".utf8), timeNano: 1))
        let live = await connection.receive(timeout: 5, until: Self.contains("live\n"))
        #expect(Self.contains("live\n")(live.bytes), "an entry written after the request arrives while the stream is open")
        containers.followed.continuation.finish()
        let end = await connection.receive(timeout: 5, until: Self.contains("0\r\n\r\n"))
        #expect(Self.contains("0\r\n\r\n")(end.bytes), "the chunked body ends when the log does")
    }

    @Test("wait: the 200 head is flushed before the container exits; the body is the exit code")
    func waitFlushesHead() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web", running: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write("POST /v1.47/containers/web/wait?condition=next-exit HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n")
        let head = await connection.receive(timeout: 5, until: Self.contains("\r\n\r\n"))
        let parsed = try #require(split(head.bytes))
        #expect(parsed.head.hasPrefix("HTTP/1.1 200"))
        #expect(parsed.head.contains("Content-Type: application/json"))
        #expect(!Self.contains("StatusCode")(head.bytes))
        #expect(containers.waiters("web") == 1)
        containers.exit("web", code: 137)
        let body = await connection.receive(timeout: 5, until: Self.contains("}\n"))
        #expect(Self.contains(#"{"StatusCode":137}"#)(body.bytes))
    }

    @Test("wait: an unknown condition is 400 and a missing container 404, both before any head")
    func waitErrors() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("POST", "/v1.47/containers/web/wait?condition=whenever").status == 400)
        #expect(try await harness.request("POST", "/v1.47/containers/nope/wait").status == 404)
        let stopped = try await harness.request("POST", "/v1.47/containers/web/wait")
        #expect(stopped.status == 200 && stopped.bodyText == #"{"StatusCode":0}"# + "\n")
    }

    @Test("attach: 101 UPGRADED, multiplexed frames, stdin sent with the head echoes back, half-close closes stdin and ends the stream")
    func attachRoundTrip() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write(
            "POST /v1.47/containers/web/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: d\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\n\r\nhello\n")
        let expected = frame(2, "ready\n") + frame(1, "hello\n")
        let first = await connection.receive(timeout: 5) { bytes in
            self.split(bytes).map { $0.rest.count >= expected.count } ?? false
        }
        let parsed = try #require(split(first.bytes))
        #expect(parsed.head.hasPrefix("HTTP/1.1 101 UPGRADED"))
        #expect(parsed.head.contains("Content-Type: application/vnd.docker.multiplexed-stream"))
        #expect(parsed.head.contains("Upgrade: tcp"))
        #expect(parsed.rest == expected)
        try await connection.write("more")
        let more = await connection.receive(timeout: 5, until: Self.contains("more"))
        #expect(more.bytes == frame(1, "more"))
        connection.shutdownWrite()
        let end = await connection.receive(timeout: 5)
        #expect(end.closed, "the server ends the stream once the output ends")
        #expect(containers.calls.withLock { ($0.stdin, $0.stdinClosed) } == (Data("hello\nmore".utf8), true))
        #expect(containers.calls.withLock { $0.attached } == [ContainerAttachOptions(stream: true, stdin: true)])
    }

    @Test("attach without Upgrade: the legacy 200 and raw-stream type; missing container and bad detach keys answer before the hijack")
    func attachLegacyAndErrors() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write("POST /v1.41/containers/web/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\n")
        let first = await connection.receive(timeout: 5, until: Self.contains("ready\n"))
        let parsed = try #require(split(first.bytes))
        #expect(parsed.head.hasPrefix("HTTP/1.1 200 OK"))
        #expect(parsed.head.contains("Content-Type: application/vnd.docker.raw-stream"))
        #expect(parsed.rest == frame(2, "ready\n"))

        let missing = try await harness.request("POST", "/v1.47/containers/nope/attach?stream=1", headers: ["Upgrade": "tcp", "Connection": "Upgrade"])
        #expect(missing.status == 404)
        let keys = try await harness.request("POST", "/v1.47/containers/web/attach?stream=1&detachKeys=ctrl-%3F%3F", headers: ["Upgrade": "tcp"])
        #expect(keys.status == 400)
        #expect(keys.bodyText.contains("Invalid detach keys"))
    }

    @Test("attach to a TTY container: raw output; the detach keys end the session without closing the container's stdin")
    func attachDetach() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "term", tty: true))
        let harness = try await start(containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write(
            "POST /v1.47/containers/term/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x,q HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nab")
        let first = await connection.receive(timeout: 5, until: { self.split($0)?.rest == Array("ab".utf8) })
        let parsed = try #require(split(first.bytes))
        #expect(parsed.head.contains("Content-Type: application/vnd.docker.raw-stream"))
        #expect(parsed.rest == Array("ab".utf8))
        try await offload { try connection.send([0x18, UInt8(ascii: "q"), UInt8(ascii: "z")]) }
        let end = await connection.receive(timeout: 5)
        #expect(end.closed && end.bytes.isEmpty, "nothing after the detach keys reaches the container")
        #expect(containers.calls.withLock { ($0.stdin, $0.stdinClosed) } == (Data("ab".utf8), false))
    }
}
