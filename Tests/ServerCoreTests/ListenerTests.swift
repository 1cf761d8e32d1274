import Foundation
import Testing
import TestSupport
import Traffic

@testable import ServerCore

@Suite("Listeners: unix sockets, failures, usage, shutdown")
struct ListenerTests {
    @Test("a unix socket is mode 0660, replaces a stale socket file, and is removed on shutdown")
    func unixSocket() async throws {
        let directory = try TemporaryDirectory(prefix: "ux")
        defer { directory.remove() }
        let path = directory.file("d.sock")
        // A stale socket left by a crashed daemon.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(stale)
        #expect(FileManager.default.fileExists(atPath: path))

        let server = try await TestServer.start(["unix://\(path)"], configuration: ServeAPIConfiguration(socketGroup: "root"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        #expect((attributes[.groupOwnerAccountName] as? String) == "root")
        #expect(server.listeners[0].unixMode == "0660")
        let connection = try await RawConnection.open(unixPath: path)
        try await connection.write("GET /u HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await connection.response().bodyText == "GET /u 0")
        await server.stop()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a missing default group is only a warning; a missing named group is an error naming it")
    func groups() async throws {
        let directory = try TemporaryDirectory(prefix: "gr")
        defer { directory.remove() }
        if UnixSocketPermissions.lookupGroup("docker") == nil {
            let server = try await TestServer.start(["unix://\(directory.file("a.sock"))"], configuration: ServeAPIConfiguration(socketGroup: "docker"))
            await server.stop()
        }
        await #expect {
            _ = try await TestServer.start(["unix://\(directory.file("b.sock"))"], configuration: ServeAPIConfiguration(socketGroup: "no-such-group-xyz"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("no-such-group-xyz") && text.contains("unix://")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("b.sock")))
    }

    @Test("a port in use fails the whole job with a message naming the address")
    func portInUse() async throws {
        let first = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await first.stop() } }
        let taken = "tcp://127.0.0.1:\(first.port())"
        await #expect {
            _ = try await TestServer.start(["tcp://127.0.0.1:0", taken])
        } throws: { error in
            "\(error)".contains(taken) && "\(error)".lowercased().contains("in use")
        }
    }

    @Test("listeners are numbered in -H order; a later address failing removes the unix socket already bound")
    func orderAndAbandon() async throws {
        let directory = try TemporaryDirectory(prefix: "or")
        defer { directory.remove() }
        for _ in 0..<5 {
            let server = try await TestServer.start(["unix://\(directory.file("o.sock"))", "tcp://127.0.0.1:0", "unix://\(directory.file("p.sock"))"])
            #expect(server.listeners.map(\.boundAddress.first) == ["/", "1", "/"])
            #expect(server.listeners.map(\.id) == server.listeners.map(\.id).sorted())
            #expect(server.listeners[0].boundAddress.hasSuffix("o.sock") && server.listeners[2].boundAddress.hasSuffix("p.sock"))
            await server.stop()
        }
        let first = try await TestServer.start(["tcp://127.0.0.1:0"])
        defer { Task { await first.stop() } }
        let path = directory.file("q.sock")
        await #expect(throws: (any Error).self) {
            _ = try await TestServer.start(["unix://\(path)", "tcp://127.0.0.1:\(first.port())"])
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a unix socket is bound privately and moved into place: the umask is left alone, other files are never replaced")
    func staging() async throws {
        let directory = try TemporaryDirectory(prefix: "st")
        defer { directory.remove() }
        let before = umask(0o022)
        umask(before)
        let server = try await TestServer.start(["unix://\(directory.file("s.sock"))"], configuration: ServeAPIConfiguration(socketGroup: "root"))
        let during = umask(0o022)
        umask(during)
        #expect(during == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.sock"])
        await server.stop()

        let file = directory.file("not-a-socket")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: file))
        await #expect {
            _ = try await TestServer.start(["unix://\(file)"])
        } throws: { "\($0)".contains("not a socket") }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["not-a-socket"])
    }

    @Test("a bad unix path fails with the address and the cause")
    func badPath() async throws {
        await #expect {
            _ = try await TestServer.start(["unix:///nonexistent-dir-xyz/d.sock"])
        } throws: { error in
            "\(error)".contains("unix:///nonexistent-dir-xyz/d.sock")
        }
    }

    @Test("ServeApi's usage error: no args, or an arg without ://")
    func usage() async throws {
        await #expect {
            _ = try await TestServer.start([])
        } throws: { "\($0)" == "usage: serveapi PROTO://ADDR [PROTO://ADDR ...]" }
        await #expect {
            _ = try await TestServer.start(["127.0.0.1:2375"])
        } throws: { "\($0)" == "usage: serveapi PROTO://ADDR [PROTO://ADDR ...]" }
    }

    @Test("fd:// without systemd's variables is an error saying so")
    func fdWithoutSockets() async throws {
        await #expect {
            _ = try await TestServer.start(["fd://"])
        } throws: { "\($0)".contains("no sockets found via socket activation") }
    }

    @Test("shutdown lets an in-flight request finish and closes idle connections at once")
    func gracefulShutdown() async throws {
        let server = try await TestServer.start(["tcp://127.0.0.1:0"])
        let idle = try await RawConnection.open(port: server.port())
        try await idle.write("GET /first HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await idle.response()
        let busy = try await RawConnection.open(port: server.port())
        try await busy.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        try await waitUntil { server.traffic.snapshot().requests.contains { $0.uri == "/slow" && $0.stages.dispatched != nil } }
        let stopping = Task { await server.stop() }
        #expect(await idle.receive(timeout: 2).closed)
        let response = try await busy.response()
        #expect(response.bodyText == "slow done")
        #expect(response.header("Connection") == nil || response.header("Connection") == "close")
        await stopping.value
        // (Another test may bind the same ephemeral port right away, so check the listener, not the port.)
        #expect(server.traffic.snapshot().listeners[0].state == .closed)
    }
}
