import APIServer
import Foundation
import Testing
import TestSupport

@Suite("Attach over WebSocket")
struct ContainerWebSocketTests {
    /// A client frame: FIN, the opcode, masked as RFC 6455 requires of clients.
    private func clientFrame(_ opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let mask: [UInt8] = [0x11, 0x22, 0x33, 0x44]
        return [0x80 | opcode, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    }

    private func handshake(_ path: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    }

    private func split(_ bytes: [UInt8]) -> (head: String, rest: [UInt8])? {
        let marker: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        return (String(decoding: bytes[..<end], as: UTF8.self), Array(bytes[(end + 4)...]))
    }

    @Test("handshake with RFC 6455's accept value; output as binary frames; messages go to stdin; a close frame ends stdin and the socket")
    func roundTrip() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await APIHarness.start(apiVersion: "1.51", containers: containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write(handshake("/v1.47/containers/web/attach/ws?stream=1&stdin=1&stdout=1&stderr=1"))
        let ready: [UInt8] = [0x82, 6] + Array("ready\n".utf8)
        let first = await connection.receive(timeout: 5) { self.split($0)?.rest.count ?? 0 >= ready.count }
        let parsed = try #require(split(first.bytes))
        #expect(parsed.head.hasPrefix("HTTP/1.1 101"))
        #expect(parsed.head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        #expect(parsed.head.lowercased().contains("upgrade: websocket"))
        #expect(parsed.rest == ready, "stderr arrives unmultiplexed in a binary frame")

        try await offload { try connection.send(self.clientFrame(2, Array("hi".utf8))) }
        let echo = await connection.receive(timeout: 5) { $0.count >= 4 }
        #expect(echo.bytes == [0x82, 2] + Array("hi".utf8))

        try await offload { try connection.send(self.clientFrame(8, [0x03, 0xE8])) }
        let end = await connection.receive(timeout: 5)
        #expect(end.bytes == [0x88, 2, 0x03, 0xE8])
        #expect(end.closed)
        #expect(containers.calls.withLock { ($0.stdin, $0.stdinClosed) } == (Data("hi".utf8), true))
    }

    @Test("text frames before API 1.28; no WebSocket handshake is a 400; a missing container a 404")
    func versionsAndErrors() async throws {
        let containers = FakeContainers()
        containers.add(.init(id: FakeContainers.id("1"), name: "web"))
        let harness = try await APIHarness.start(apiVersion: "1.51", containers: containers)
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write(handshake("/v1.27/containers/web/attach/ws?stream=1"))
        let first = await connection.receive(timeout: 5) { self.split($0)?.rest.count ?? 0 >= 8 }
        #expect(split(first.bytes)?.rest == [0x81, 6] + Array("ready\n".utf8))

        #expect(try await harness.request("GET", "/v1.47/containers/web/attach/ws?stream=1").status == 400)
        let missing = try await harness.request(
            "GET", "/v1.47/containers/nope/attach/ws",
            headers: ["Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Key": "x"])
        #expect(missing.status == 404)
    }
}
