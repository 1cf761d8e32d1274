import Foundation
import Testing
import TestSupport
import Traffic

@testable import ServerCore

@Suite("The listen buffer over real sockets")
struct ListenBufferTests {
    @Test("held requests on two listeners wait, unanswered, and are released in arrival order on activation")
    func heldThenReleased() async throws {
        let directory = try TemporaryDirectory(prefix: "lb")
        defer { directory.remove() }
        let socket = directory.file("d.sock")
        let server = try await TestServer.start(["tcp://127.0.0.1:0", "unix://\(socket)"], holding: true)
        defer { Task { await server.stop() } }

        var connections: [RawConnection] = []
        for i in 0..<6 {
            let connection = i % 2 == 0 ? try await RawConnection.open(port: server.port()) : try await RawConnection.open(unixPath: socket)
            try await connection.write("GET /r\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
            connections.append(connection)
            try await waitUntil { server.traffic.snapshot().heldRequests.count == i + 1 }
        }
        // Held: not refused, not answered.
        for connection in connections {
            let early = await connection.receive(timeout: 0.05)
            #expect(early.bytes.isEmpty && !early.closed)
        }
        let snapshot = server.traffic.snapshot()
        #expect(snapshot.heldRequests.map(\.uri) == (0..<6).map { "/r\($0)" })
        #expect(snapshot.listeners.allSatisfy { $0.heldRequests == 3 && $0.state == .holding })
        #expect(snapshot.activation.holding)

        server.buffer.activate()
        for (i, connection) in connections.enumerated() {
            #expect(try await connection.response().bodyText == "GET /r\(i) 0")
        }
        let released = server.traffic.snapshot().requests.sorted { $0.stages.dispatched! < $1.stages.dispatched! }
        #expect(released.map(\.uri) == (0..<6).map { "/r\($0)" })
        #expect(server.traffic.snapshot().listeners.allSatisfy { $0.heldRequests == 0 && $0.state == .listening })
    }

    @Test("re-armed buffering holds new requests until the next activation")
    func rearm() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"], holding: false)
        defer { Task { await server.stop() } }
        let first = try await RawConnection.open(port: server.port())
        try await first.write("GET /before HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await first.response().bodyText == "GET /before 0")

        server.buffer.rearm()
        try await first.write("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        try await waitUntil { server.traffic.snapshot().heldRequests.count == 1 }
        #expect(await first.receive(timeout: 0.2).bytes.isEmpty)
        server.buffer.activate()
        #expect(try await first.response().bodyText == "GET /after 0")
    }

    @Test("past the cap a listener stops accepting; clients wait in the backlog and are served after activation")
    func capacity() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"], holding: true, maxHeld: 2)
        defer { Task { await server.stop() } }
        var connections: [RawConnection] = []
        for i in 0..<5 {
            let connection = try await RawConnection.open(port: server.port())
            try await connection.write("GET /c\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
            connections.append(connection)
        }
        try await waitUntil { server.traffic.snapshot().listeners[0].heldRequests == 2 }
        try await Task.sleep(for: .milliseconds(300))
        let listener = server.traffic.snapshot().listeners[0]
        #expect(listener.heldRequests == 2)
        #expect(listener.acceptedConnections == 2)
        #expect(listener.state == .backlogged)

        server.buffer.activate()
        for connection in connections {
            #expect(try await connection.response().status == 200)
        }
        #expect(server.traffic.snapshot().listeners[0].acceptedConnections == 5)
    }

    @Test("a client that leaves while held drops out of the queue")
    func abandoned() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"], holding: true)
        defer { Task { await server.stop() } }
        var leaving: RawConnection? = try await RawConnection.open(port: server.port())
        try await leaving?.write("GET /gone HTTP/1.1\r\nHost: x\r\n\r\n")
        try await waitUntil { server.traffic.snapshot().heldRequests.count == 1 }
        leaving = nil
        try await waitUntil { server.traffic.snapshot().listeners[0].heldRequests == 0 }
        let staying = try await RawConnection.open(port: server.port())
        try await staying.write("GET /stay HTTP/1.1\r\nHost: x\r\n\r\n")
        try await waitUntil { server.traffic.snapshot().heldRequests.count == 1 }
        server.buffer.activate()
        #expect(try await staying.response().bodyText == "GET /stay 0")
        _ = leaving
    }

    @Test("shutdown turns held requests away and closes their connections")
    func shutdownWhileHeld() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"], holding: true)
        let connection = try await RawConnection.open(port: server.port())
        try await connection.write("GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
        try await waitUntil { server.traffic.snapshot().heldRequests.count == 1 }
        await server.stop()
        #expect(await connection.receive(timeout: 3).closed)
        #expect(server.traffic.snapshot().requests.first?.errorMessage?.contains("shutting down") == true)
    }
}

