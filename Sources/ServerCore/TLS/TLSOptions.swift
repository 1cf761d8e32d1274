import Foundation
import NIOSSL

/// The daemon's TLS files (`--tlscert`, `--tlskey`, `--tlscacert`) and whether client certificates are required.
public struct TLSOptions: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String
    /// The CA that client certificates must chain to (required with `verifyClients`).
    public var caPath: String?
    /// `--tlsverify`: a client certificate signed by `caPath`, and only by it, is required.
    public var verifyClients: Bool

    public init(certificatePath: String, keyPath: String, caPath: String?, verifyClients: Bool) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.caPath = caPath
        self.verifyClients = verifyClients
    }

    /// A file could not be used; the message names it.
    public struct LoadError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Loads the files and builds the server context: TLS 1.2 minimum, HTTP/1.1 by ALPN, and with
    /// `verifyClients` a trust store holding only the given CA (never the system roots).
    public func makeContext() throws -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw LoadError(message: "could not load X509 certificate \(certificatePath): \(Self.explain(error, path: certificatePath))")
        }
        guard !chain.isEmpty else { throw LoadError(message: "no certificate found in \(certificatePath)") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw LoadError(message: "could not load private key \(keyPath): \(Self.explain(error, path: keyPath)) — make sure the key is not encrypted")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        if verifyClients {
            guard let caPath else { throw LoadError(message: "--tlsverify needs --tlscacert: the CA that signs client certificates") }
            guard FileManager.default.isReadableFile(atPath: caPath),
                let roots = try? NIOSSLCertificate.fromPEMFile(caPath), !roots.isEmpty
            else {
                throw LoadError(message: "could not read CA certificate \(caPath): \(Self.explain(nil, path: caPath))")
            }
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(roots)
            configuration.sendCANameList = true
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw LoadError(message: "could not use X509 key pair (cert: \"\(certificatePath)\", key: \"\(keyPath)\"): \(error) — do the certificate and key belong together?")
        }
    }

    private static func explain(_ error: (any Error)?, path: String) -> String {
        if !FileManager.default.fileExists(atPath: path) { return "no such file" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return error.map { "not valid PEM (\($0))" } ?? "no PEM certificate in it"
    }
}
