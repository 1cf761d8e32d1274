import Foundation
import NIOSSL
import TestSupport

/// A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with `openssl` per test run.
struct TestCertificates {
    let directory: TemporaryDirectory
    var caFile: String { directory.file("ca.pem") }
    var serverCert: String { directory.file("server.pem") }
    var serverKey: String { directory.file("server.key") }
    var clientCert: String { directory.file("client.pem") }
    var clientKey: String { directory.file("client.key") }
    var otherCAFile: String { directory.file("other-ca.pem") }

    struct OpenSSLFailed: Error, CustomStringConvertible {
        let description: String
    }

    static func make() throws -> TestCertificates {
        let dir = try TemporaryDirectory(prefix: "wirecerts")
        func openssl(_ args: [String]) throws {
            let result = try Command.run("openssl", args, workingDirectory: dir.path)
            guard result.status == 0 else { throw OpenSSLFailed(description: "openssl \(args.joined(separator: " ")): \(result.stderr)") }
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=wire-test-ca"])
        try openssl(["req", "-x509"] + ec + ["-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=other-ca"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
            .write(toFile: dir.file("server.ext"), atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: dir.file("client.ext"), atomically: true, encoding: .utf8)
        for name in ["server", "client"] {
            try openssl(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
            try openssl([
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
            ])
        }
        return TestCertificates(directory: dir)
    }

    /// The server's TLS context; `requireClientCert` makes it verify clients against the CA (`--tlsverify`).
    func serverContext(requireClientCert: Bool) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(serverCert).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: serverKey, format: .pem)))
        if requireClientCert {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
