import Foundation
import Testing
import TestSupport
import Traffic

@testable import ServerCore

@Suite("TLS and client certificate verification", .serialized)
struct TLSTests {
    static let certs: (good: TestCertificates, other: TestCertificates, directory: TemporaryDirectory)? = {
        guard Command.exists("openssl"), let directory = try? TemporaryDirectory(prefix: "tls") else { return nil }
        guard let good = try? TestCertificates.generate(in: directory.file("good"), name: "good"),
            let other = try? TestCertificates.generate(in: directory.file("other"), name: "other")
        else { return nil }
        return (good, other, directory)
    }()

    func curl(_ port: Int, _ extra: [String]) async throws -> CommandResult {
        try await Command.run("curl", ["-s", "-o", "/dev/stderr", "-w", "%{http_code}", "--max-time", "10"] + extra + ["https://127.0.0.1:\(port)/tls"])
    }

    @Test("--tlsverify: only clients with a certificate from the given CA get through")
    func verify() async throws {
        let certs = try #require(Self.certs, "openssl is needed to make test certificates")
        let tls = TLSOptions(certificatePath: certs.good.serverCert, keyPath: certs.good.serverKey, caPath: certs.good.caCert, verifyClients: true)
        let server = try await TestServer.start(["tcp://127.0.0.1:0"], configuration: ServeAPIConfiguration(socketGroup: "", tls: tls))
        defer { Task { await server.stop() } }
        #expect(server.listeners[0].tls == .verify)

        let ok = try await curl(server.port(), ["--cacert", certs.good.caCert, "--cert", certs.good.clientCert, "--key", certs.good.clientKey])
        #expect(ok.stdout == "200")
        #expect(ok.stderr == "GET /tls 0")

        let noCertificate = try await curl(server.port(), ["--cacert", certs.good.caCert])
        #expect(noCertificate.stdout == "000")

        let otherCA = try await curl(server.port(), ["--cacert", certs.good.caCert, "--cert", certs.other.clientCert, "--key", certs.other.clientKey])
        #expect(otherCA.stdout == "000")

        let plain = try await Command.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "http://127.0.0.1:\(server.port())/tls"])
        #expect(plain.stdout != "200")

        try await waitUntil { server.traffic.snapshot().listeners[0].handshakeFailures >= 3 }
        #expect(server.traffic.snapshot().listeners[0].lastConnectionError?.contains("TLS handshake") == true)
    }

    @Test("--tls without verify serves any client, and refuses TLS below 1.2")
    func tlsOnly() async throws {
        let certs = try #require(Self.certs, "openssl is needed to make test certificates")
        let tls = TLSOptions(certificatePath: certs.good.serverCert, keyPath: certs.good.serverKey, caPath: nil, verifyClients: false)
        let server = try await TestServer.start(["tcp://127.0.0.1:0"], configuration: ServeAPIConfiguration(socketGroup: "", tls: tls))
        defer { Task { await server.stop() } }
        #expect(try await curl(server.port(), ["--cacert", certs.good.caCert]).stdout == "200")
        #expect(try await curl(server.port(), ["--cacert", certs.good.caCert, "--tlsv1.1", "--tls-max", "1.1"]).stdout == "000")
    }

    @Test("unreadable or mismatched certificate files are a clear error at start")
    func badFiles() async throws {
        let certs = try #require(Self.certs, "openssl is needed to make test certificates")
        let missing = TLSOptions(certificatePath: "/nonexistent/cert.pem", keyPath: certs.good.serverKey, caPath: nil, verifyClients: false)
        #expect { try missing.makeContext() } throws: { "\($0)".contains("/nonexistent/cert.pem") && "\($0)".contains("no such file") }

        let mismatched = TLSOptions(certificatePath: certs.good.serverCert, keyPath: certs.other.serverKey, caPath: nil, verifyClients: false)
        #expect { try mismatched.makeContext() } throws: { "\($0)".contains(certs.other.serverKey) }

        let noCA = TLSOptions(certificatePath: certs.good.serverCert, keyPath: certs.good.serverKey, caPath: "/nonexistent/ca.pem", verifyClients: true)
        #expect { try noCA.makeContext() } throws: { "\($0)".contains("/nonexistent/ca.pem") }

        await #expect {
            _ = try await TestServer.start(["tcp://127.0.0.1:0"], configuration: ServeAPIConfiguration(socketGroup: "", tls: missing))
        } throws: { "\($0)".contains("tcp://127.0.0.1:0") }
    }
}
