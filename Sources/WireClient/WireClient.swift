import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 client: one request per connection over TCP or a unix socket, optionally with TLS.
///
/// Used by the dashboard's composer (so its requests reach the daemon like any client's) and by tests.
/// Everything runs on NIO's event loops; callers just `await` the response.
public struct WireClient: Sendable {
    /// The event loops connections run on.
    public let group: any EventLoopGroup
    /// The longest wait for a complete response (connection included).
    public var timeout: Duration
    /// Once a response head arrived, how long to keep reading a body that does not end (events, logs -f);
    /// nil waits until `timeout`.
    public var streamWindow: Duration?
    /// The most body bytes kept; beyond it the response is returned with `truncated` set.
    public var bodyLimit: Int

    /// Creates a client.
    public init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: Duration = .seconds(30),
        streamWindow: Duration? = nil, bodyLimit: Int = 1 << 20
    ) {
        self.group = group
        self.timeout = timeout
        self.streamWindow = streamWindow
        self.bodyLimit = bodyLimit
    }

    /// Sends `request` to `endpoint` and returns the response.
    ///
    /// - Parameter tls: TLS settings, or nil for plain HTTP.
    /// - Throws: `WireClientError`.
    public func send(_ request: WireRequest, to endpoint: WireEndpoint, tls: WireTLS? = nil) async throws -> WireResponse {
        try await responseFuture(for: request, to: endpoint, tls: tls).get()
    }

    /// The same as `send`, as a future: for callers that must not depend on Swift's cooperative thread pool
    /// (the dashboard's UI loop blocks its thread). The future fails with a `WireClientError`.
    public func responseFuture(
        for request: WireRequest, to endpoint: WireEndpoint, tls: WireTLS? = nil
    ) -> EventLoopFuture<WireResponse> {
        let eventLoop = group.next()
        let head: HTTPRequestHead
        let sslContext: NIOSSLContext?
        do {
            head = try Self.head(for: request, endpoint: endpoint)
            sslContext = try tls.map(Self.makeContext)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let serverName = tls.flatMap { $0.serverName ?? Self.sniName(for: endpoint) }
        let promise = eventLoop.makePromise(of: WireResponse.self)
        let (limit, timeout, window) = (bodyLimit, TimeAmount(self.timeout), streamWindow.map(TimeAmount.init))
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ResponseCollector(promise: promise, limit: limit, timeout: timeout, streamWindow: window))
                }
            }
        let connected: EventLoopFuture<any Channel>
        switch endpoint {
        case .tcp(let host, let port): connected = bootstrap.connect(host: host, port: port)
        case .unix(let path): connected = bootstrap.connect(unixDomainSocketPath: path)
        }
        let body = request.body
        return connected.flatMapError { error in
            // IOError's description names the syscall; the errno text is what a user needs.
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? String(describing: error)
            return eventLoop.makeFailedFuture(WireClientError.connectFailed(endpoint: endpoint.description, reason: reason))
        }.flatMap { channel in
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if !body.isEmpty {
                channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            }
            // A failed write (the server hung up) is reported through the response promise instead.
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            return promise.futureResult
        }.flatMapErrorThrowing { error in
            throw (error as? WireClientError) ?? WireClientError.transport(String(describing: error))
        }
    }

    static func head(for request: WireRequest, endpoint: WireEndpoint) throws -> HTTPRequestHead {
        let tokenCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~")
        guard !request.method.isEmpty, request.method.allSatisfy({ tokenCharacters.contains($0) }) else {
            throw WireClientError.invalidRequest("method \(request.method.debugDescription)")
        }
        guard request.target.hasPrefix("/"),
            // Scalars, not Characters: "\r\n" is one Character and would slip past a Character test.
            !request.target.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f })
        else {
            throw WireClientError.invalidRequest("target \(request.target.debugDescription) (must start with / and have no spaces)")
        }
        var headers = HTTPHeaders()
        for (name, value) in request.headers {
            guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0 == ":" || $0.value <= 0x20 }),
                !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" })
            else { throw WireClientError.invalidRequest("header \(name.debugDescription)") }
            headers.add(name: name, value: value)
        }
        if !headers.contains(name: "Host") { headers.add(name: "Host", value: endpoint.hostHeader) }
        if !headers.contains(name: "Content-Length") && (!request.body.isEmpty || ["POST", "PUT"].contains(request.method)) {
            headers.add(name: "Content-Length", value: "\(request.body.count)")
        }
        if !headers.contains(name: "Connection") { headers.add(name: "Connection", value: "close") }
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target,
                               headers: headers)
    }

    static func makeContext(_ tls: WireTLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = tls.caFile {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
                configuration.certificateVerification = .fullVerification
            } else {
                configuration.certificateVerification = .none
            }
            if let cert = tls.certFile {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                guard let key = tls.keyFile else { throw WireClientError.tlsConfiguration("a client certificate needs its key") }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as WireClientError {
            throw error
        } catch {
            throw WireClientError.tlsConfiguration(String(describing: error))
        }
    }

    /// The SNI name for an endpoint: its host unless that is an IP address (SNI must not carry addresses).
    static func sniName(for endpoint: WireEndpoint) -> String? {
        guard case .tcp(let host, _) = endpoint else { return nil }
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }
}

