import Foundation
import NIOCore
import Testing
import TestSupport
import Traffic

@testable import ServerCore

@Suite("HTTP/1.1 over real sockets")
struct HTTPServingTests {
    @Test("keep-alive and pipelining: two requests in one write, two responses in order")
    func pipelining() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try await connection.response()
        let second = try await connection.response()
        #expect(first.bodyText == "GET /one 0")
        #expect(second.bodyText == "GET /two 0")
        #expect(server.traffic.snapshot().listeners[0].acceptedConnections == 1)
    }

    @Test("a chunked request body arrives whole")
    func chunkedBody() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        #expect(try await connection.response().bodyText == "POST /upload 11")
    }

    @Test("malformed HTTP gets a JSON 400 and the connection closes")
    func malformed() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("GARBAGE\u{1}\r\n\r\n")
        let response = try await connection.response()
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.bodyText.contains(#""message":"#))
        #expect(await connection.receive(timeout: 2).closed)
    }

    @Test("headers past the limit get 431")
    func headerLimit() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n")
        let response = try await connection.response()
        #expect(response.status == 431)
        #expect(response.bodyText.contains("too large"))
    }

    @Test("a hijacked connection keeps the bytes sent right after the request head")
    func hijackKeepsEarlyBytes() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("POST /hijack HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nEARLY-BYTES")
        let head = try await connection.response()
        #expect(head.status == 101)
        #expect(head.header("Upgrade") == "tcp")
        var echoed = await connection.receive(timeout: 5) { String(decoding: $0, as: UTF8.self).contains("EARLY-BYTES") }.bytes
        try await connection.write("+LATER")
        connection.shutdownWrite()
        let rest = await connection.receive(timeout: 5)
        echoed += rest.bytes
        #expect(String(decoding: echoed, as: UTF8.self) == "EARLY-BYTES+LATER")
        #expect(rest.closed)
        let record = try #require(server.traffic.snapshot().requests.first)
        #expect(record.status == 101)
        #expect(record.hijackedBytesIn == 17)
        #expect(record.hijackedBytesOut == 17)
    }

    @Test("Expect: 100-continue gets a 100 before the body is read")
    func expectContinue() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("PUT /data HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try await connection.response()
        #expect(interim.status == 100)
        try await connection.write("abcd")
        #expect(try await connection.response().bodyText == "PUT /data 4")
    }

    @Test("a connection idle between requests is closed; a live stream is not cut")
    func idleTimeout() async throws {
        // 1 s: long enough that a loaded machine sends the request before it fires, short beside the 3 s stream.
        let server = try await Self.server(idleTimeout: .seconds(1))
        defer { Task { await server.stop() } }

        let idle = try await RawConnection.open(port: server.port())
        #expect(await idle.receive(timeout: 15).closed)

        let streaming = try await RawConnection.open(port: server.port())
        try await streaming.write("GET /long-stream HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await streaming.response(timeout: 15)
        #expect(response.bodyText == (0..<5).map { "chunk \($0)\n" }.joined())
    }

    @Test("requests record their stages and byte counts in the traffic feed")
    func trafficStages() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await server.stop() } }
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("POST /p?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
        _ = try await connection.response()
        try await Task.sleep(for: .milliseconds(50))
        let record = try #require(server.traffic.snapshot().requests.first)
        #expect(record.method == "POST")
        #expect(record.uri == "/p?x=1")
        #expect(record.requestBytes == 3)
        #expect(record.requestBodyExcerpt == Array("abc".utf8))
        #expect(record.status == 200)
        #expect(record.responseBytes == "POST /p?x=1 3".utf8.count)
        #expect(record.phase == .done)
        #expect(record.stages.dispatched != nil && record.stages.firstByte != nil && record.stages.done != nil)
        #expect(record.stages.held == nil)
        // A response sent whole is recorded with the request's end: its head, body and timing must all be there.
        #expect(record.requestHeader("content-length") == "3")
        #expect(record.responseHeaders.contains { $0.name == "Content-Length" && $0.value == "13" })
        #expect(record.responseBodyExcerpt == Array("POST /p?x=1 3".utf8))
        let stages = record.stages
        #expect(stages.accepted <= stages.dispatched! && stages.dispatched! <= stages.firstByte! && stages.firstByte! <= stages.done!)
    }

    @Test("the idle clock starts again after each response: a keep-alive connection gets the whole timeout")
    func idleClockRestarts() async throws {
        // Timeout 5 s, request at 2.5 s: a clock still counting from the connection's opening would close it at
        // 5 s, inside the window below (response + 3.75 s); the right clock closes it 5 s after the response.
        // The margins (1.25 s either side) are for a loaded machine.
        let server = try await Self.server(idleTimeout: .seconds(5))
        defer { Task { await server.stop() } }

        let connection = try await RawConnection.open(port: server.port())
        try await Task.sleep(for: .milliseconds(2500))
        try await connection.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await connection.response().bodyText == "GET /a 0")
        #expect(await connection.receive(timeout: 3.75).closed == false)
        #expect(await connection.receive(timeout: 15).closed)
    }

    /// A test server on loopback TCP whose connections close after `idleTimeout` between requests.
    private static func server(idleTimeout: TimeAmount) async throws -> InProcessServer {
        var configuration = ServeAPIConfiguration(socketGroup: "")
        configuration.limits.idleTimeout = idleTimeout
        return try await TestServer.start(["tcp://127.0.0.1:0"], configuration: configuration)
    }
}
