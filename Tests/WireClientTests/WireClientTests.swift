import Foundation
import TestSupport
import Testing
import WireClient

@Suite("WireClient")
struct WireClientTests {
    private func json(_ response: WireResponse) throws -> [String: String] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String] ?? [:]
    }

    @Test("GET over TCP returns status, headers and body")
    func tcpGet() async throws {
        let server = try await EchoServer.start()
        defer { Task { await server.stop() } }
        let port = try #require(server.port)
        let response = try await WireClient().send(
            WireRequest(method: "GET", target: "/v1.14/version?x=1"), to: .tcp(host: "127.0.0.1", port: port))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(!response.truncated)
        let echo = try json(response)
        #expect(echo["method"] == "GET")
        #expect(echo["uri"] == "/v1.14/version?x=1")
        #expect(echo["host"] == "127.0.0.1:\(port)")
    }

    @Test("POST with a body over a unix socket")
    func unixPost() async throws {
        let dir = try TemporaryDirectory(prefix: "wire")
        defer { dir.remove() }
        let server = try await EchoServer.start(unixPath: dir.file("s.sock"))
        defer { Task { await server.stop() } }
        let response = try await WireClient().send(
            WireRequest(method: "POST", target: "/containers/create", headers: [("Content-Type", "application/json")],
                        body: Array(#"{"Image":"busybox"}"#.utf8)),
            to: .unix(path: dir.file("s.sock")))
        let echo = try json(response)
        #expect(response.status == 201 || response.status == 200)
        #expect(echo["body"] == #"{"Image":"busybox"}"#)
        #expect(echo["contentType"] == "application/json")
        #expect(echo["host"] == "localhost")
    }

    @Test("non-2xx statuses are returned, not thrown")
    func errorStatus() async throws {
        let server = try await EchoServer.start()
        defer { Task { await server.stop() } }
        let response = try await WireClient().send(
            WireRequest(method: "DELETE", target: "/status/404"), to: .tcp(host: "127.0.0.1", port: server.port!))
        #expect(response.status == 404)
        #expect(response.reason == "Not Found")
    }

    @Test("a body past the limit is cut and flagged truncated")
    func truncation() async throws {
        let server = try await EchoServer.start()
        defer { Task { await server.stop() } }
        let response = try await WireClient(bodyLimit: 1000).send(
            WireRequest(method: "GET", target: "/big"), to: .tcp(host: "127.0.0.1", port: server.port!))
        #expect(response.truncated)
        #expect(response.body.count == 1000)
    }

    @Test("a stream that never ends is returned after the stream window with what came so far")
    func streamWindow() async throws {
        let server = try await EchoServer.start()
        defer { Task { await server.stop() } }
        let started = Date()
        let response = try await WireClient(timeout: .seconds(10), streamWindow: .milliseconds(300)).send(
            WireRequest(method: "GET", target: "/stream"), to: .tcp(host: "127.0.0.1", port: server.port!))
        #expect(response.truncated)
        #expect(response.bodyText == "first chunk\n")
        // Well under the 10 s timeout (the window is 300 ms; a loaded machine adds seconds, not ten).
        #expect(Date().timeIntervalSince(started) < 8)
    }

    @Test("no response within the timeout throws timedOut")
    func timeout() async throws {
        let server = try await EchoServer.start()
        defer { Task { await server.stop() } }
        await #expect(throws: WireClientError.timedOut(seconds: 0.3)) {
            try await WireClient(timeout: .milliseconds(300)).send(
                WireRequest(method: "GET", target: "/silent"), to: .tcp(host: "127.0.0.1", port: server.port!))
        }
    }

    @Test("a missing socket is a connect failure naming the endpoint")
    func connectFailure() async throws {
        do {
            _ = try await WireClient().send(WireRequest(method: "GET", target: "/"), to: .unix(path: "/tmp/no-such-dt.sock"))
            Issue.record("expected a connect failure")
        } catch let error as WireClientError {
            guard case .connectFailed(let endpoint, _) = error else { Issue.record("got \(error)"); return }
            #expect(endpoint == "unix:///tmp/no-such-dt.sock")
        }
    }

    @Test("bad methods, targets and headers are refused before connecting")
    func invalidRequests() async throws {
        let client = WireClient()
        for request in [
            WireRequest(method: "GET", target: "no-slash"), WireRequest(method: "GET", target: "/a b"),
            WireRequest(method: "G ET", target: "/"), WireRequest(method: "GET", target: "/", headers: [("X", "a\r\nb")]),
        ] {
            await #expect(throws: WireClientError.self) {
                try await client.send(request, to: .unix(path: "/tmp/no-such-dt.sock"))
            }
            do { _ = try await client.send(request, to: .unix(path: "/tmp/no-such-dt.sock")) } catch let error as WireClientError {
                guard case .invalidRequest = error else { Issue.record("\(request.target): got \(error)"); continue }
            }
        }
    }
}

@Suite("WireClient over TLS")
struct WireClientTLSTests {
    @Test("TLS with the CA verifies the server; without a CA it connects unverified")
    func tls() async throws {
        let certs = try TestCertificates.make()
        defer { certs.directory.remove() }
        let server = try await EchoServer.start(tls: try certs.serverContext(requireClientCert: false))
        defer { Task { await server.stop() } }
        let endpoint = WireEndpoint.tcp(host: "127.0.0.1", port: server.port!)
        let verified = try await WireClient().send(WireRequest(method: "GET", target: "/_ping"), to: endpoint,
                                                   tls: WireTLS(caFile: certs.caFile))
        #expect(verified.status == 200)
        let unverified = try await WireClient().send(WireRequest(method: "GET", target: "/_ping"), to: endpoint, tls: WireTLS())
        #expect(unverified.status == 200)
    }

    @Test("a server signed by another CA is refused")
    func wrongCA() async throws {
        let certs = try TestCertificates.make()
        defer { certs.directory.remove() }
        let server = try await EchoServer.start(tls: try certs.serverContext(requireClientCert: false))
        defer { Task { await server.stop() } }
        await #expect(throws: WireClientError.self) {
            try await WireClient(timeout: .seconds(5)).send(
                WireRequest(method: "GET", target: "/_ping"), to: .tcp(host: "127.0.0.1", port: server.port!),
                tls: WireTLS(caFile: certs.otherCAFile))
        }
    }

    @Test("a --tlsverify server accepts the client certificate and refuses a client without one")
    func clientCertificate() async throws {
        let certs = try TestCertificates.make()
        defer { certs.directory.remove() }
        let server = try await EchoServer.start(tls: try certs.serverContext(requireClientCert: true))
        defer { Task { await server.stop() } }
        let endpoint = WireEndpoint.tcp(host: "127.0.0.1", port: server.port!)
        let ok = try await WireClient().send(
            WireRequest(method: "GET", target: "/_ping"), to: endpoint,
            tls: WireTLS(caFile: certs.caFile, certFile: certs.clientCert, keyFile: certs.clientKey))
        #expect(ok.status == 200)
        await #expect(throws: WireClientError.self) {
            try await WireClient(timeout: .seconds(5)).send(
                WireRequest(method: "GET", target: "/_ping"), to: endpoint, tls: WireTLS(caFile: certs.caFile))
        }
    }

    @Test("unreadable certificate files are a TLS configuration error")
    func badFiles() async throws {
        await #expect(throws: WireClientError.self) {
            try await WireClient().send(
                WireRequest(method: "GET", target: "/"), to: .tcp(host: "127.0.0.1", port: 1),
                tls: WireTLS(caFile: "/nonexistent/ca.pem"))
        }
    }
}
