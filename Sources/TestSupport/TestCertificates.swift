import Foundation

/// A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with `openssl` for TLS tests.
public struct TestCertificates: Sendable {
    public let directory: String
    public var caCert: String { directory + "/ca.pem" }
    public var caKey: String { directory + "/ca-key.pem" }
    public var serverCert: String { directory + "/server-cert.pem" }
    public var serverKey: String { directory + "/server-key.pem" }
    /// Named `cert.pem`/`key.pem` beside `ca.pem`, so the directory works as `DOCKER_CERT_PATH`.
    public var clientCert: String { directory + "/cert.pem" }
    public var clientKey: String { directory + "/key.pem" }

    /// Generates everything in `directory` (created if needed). `prefix` names the CA, so two sets differ.
    public static func generate(in directory: String, name: String = "daemon-tui test") throws -> TestCertificates {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certs = TestCertificates(directory: directory)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", certs.caKey, "-out", certs.caCert, "-days", "2", "-subj", "/CN=\(name) CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", certs.serverKey, "-out", directory + "/server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", directory + "/server.csr", "-CA", certs.caCert, "-CAkey", certs.caKey, "-CAcreateserial",
             "-out", certs.serverCert, "-days", "2", "-extfile", directory + "/server.ext"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", certs.clientKey, "-out", directory + "/client.csr", "-subj", "/CN=client"],
            ["x509", "-req", "-in", directory + "/client.csr", "-CA", certs.caCert, "-CAkey", certs.caKey, "-CAcreateserial",
             "-out", certs.clientCert, "-days", "2", "-extfile", directory + "/client.ext"],
        ]
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
            .write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: directory + "/client.ext", atomically: true, encoding: .utf8)
        for step in steps {
            let result = try Command.run("openssl", step, timeout: 60)
            guard result.status == 0 else {
                throw OpenSSLFailed(message: "openssl \(step.joined(separator: " ")): \(result.stderr)")
            }
        }
        return certs
    }

    public struct OpenSSLFailed: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
