import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import Traffic

/// Serves one accepted connection: reads requests one after another (keep-alive, pipelining), passes each
/// through the listen buffer, hands it to the responder, and records every stage in the traffic feed.
struct HTTPConnection {
    let connection: ConnectionChannel
    let listener: ListenerRecord
    let responder: any HTTPResponder
    let listenBuffer: ListenBuffer
    let traffic: TrafficStore
    let registry: ConnectionRegistry
    let logger: Logger

    /// Bodies a handler left unread are drained up to this size before the next request; past it the
    /// connection is closed instead.
    static let drainLimit = 1 << 20

    func serve() async {
        let raw = connection.channel
        guard let registration = registry.add(raw) else {
            try? await raw.close()
            return
        }
        traffic.connectionOpened(on: listener.id)
        defer {
            registry.remove(registration)
            traffic.connectionClosed(on: listener.id)
        }
        let peer = Self.describePeer(raw.remoteAddress, proto: listener.proto)
        // One close callback per connection (not per request): a client that goes away while its request is
        // held leaves the listen buffer's queue.
        let current = CurrentRequest()
        let buffer = listenBuffer
        raw.closeFuture.whenComplete { _ in
            if let id = current.id { buffer.abandon(id) }
        }
        var settled = false
        defer { if !settled { listenBuffer.connectionSettled(listener.id) } }
        do {
            let reader = InboundReader(connection)
            while let head = try await reader.nextHead() {
                let first = !settled
                settled = true
                _ = registry.setBusy(registration, true)
                let keepGoing = try await serveRequest(
                    head: head, peer: peer, reader: reader, current: current, first: first)
                if registry.setBusy(registration, false) || !keepGoing { break }
            }
        } catch {
            logger.debug("connection from \(peer) on \(listener.url) ended: \(error)")
        }
        try? await raw.close()
    }

    /// Serves one request; returns false when the connection must close afterwards.
    private func serveRequest(
        head: HTTPRequestHead, peer: String, reader: InboundReader, current: CurrentRequest, first: Bool
    ) async throws -> Bool {
        // The usual case, an active daemon with nothing held, is decided at once and recorded in one update;
        // otherwise the request is recorded first, so that it shows while the listen buffer holds it.
        let dispatchAtOnce = listenBuffer.admitAtOnce(listener: listener.id, firstOnConnection: first)
        var routing = dispatchAtOnce ? responder.routing(for: head) : nil
        let id = traffic.beginRequest(
            listener: listener.id, peer: peer, method: head.method.rawValue, uri: head.uri,
            httpVersion: Self.describe(head.version),
            headers: RecordedHeaders(headers: head.headers), dispatched: dispatchAtOnce, routing: routing)

        current.id = id
        defer { current.id = nil }
        var admission = ListenBuffer.Admission.proceed
        if !dispatchAtOnce {
            if logger.logLevel <= .debug, listenBuffer.isHolding {
                logger.debug("holding \(head.method) \(head.uri) from \(peer) on \(listener.url) until activation")
            }
            admission = await listenBuffer.admit(id, listener: listener.id, firstOnConnection: first)
            guard admission.dispatches else {
                traffic.finishRequest(id, error: "daemon shutting down: request turned away")
                return false
            }
            routing = responder.routing(for: head)
            traffic.requestDispatched(id, routing: routing)
        }

        let writer = ResponseWriter(
            outbound: connection, reader: reader, requestID: id, traffic: traffic, head: head)
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            reader.beforeFirstBodyRead = {
                if !writer.isHeadWritten {
                    try await connection.write(.head(HTTPResponseHead(version: .http1_1, status: .continue)))
                }
            }
        }
        let request = ServerRequest(
            id: id, head: head, listener: listener.id, peer: peer,
            body: RequestBody(reader: reader, requestID: id, traffic: traffic), routing: routing)

        if admission == .released { listenBuffer.didDispatch(id) }
        var failure: (any Error)?
        do {
            try await responder.respond(to: request, writer: writer)
        } catch {
            failure = error
        }

        if writer.isHijacked {
            writer.recordFinish(error: failure.map { String(describing: $0) })
            return false
        }
        if let failure {
            if writer.isHeadWritten {
                writer.recordFinish(error: String(describing: failure))
                return false
            }
            logger.error("\(head.method) \(head.uri) failed: \(failure)")
            try? await writer.respond(
                status: .internalServerError, headers: ["Content-Type": "application/json"],
                body: writer.allocator.buffer(string: #"{"message":"internal server error"}"# + "\n"))
        }
        if !writer.isFinished {
            try? await writer.end()
        }
        let drained = (try? await reader.drainBody(limit: Self.drainLimit)) ?? false
        writer.recordFinish()
        return drained && !writer.shouldClose
    }

    static func describe(_ version: HTTPVersion) -> String {
        switch (version.major, version.minor) {
        case (1, 1): "HTTP/1.1"
        case (1, 0): "HTTP/1.0"
        default: "HTTP/\(version.major).\(version.minor)"
        }
    }

    static func describePeer(_ address: SocketAddress?, proto: String) -> String {
        switch address {
        case .v4, .v6:
            if let ip = address?.ipAddress, let port = address?.port {
                return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
            }
            return "tcp"
        case .unixDomainSocket, .none:
            return "unix"
        }
    }
}

/// The request a connection is serving, readable from its close callback.
final class CurrentRequest: Sendable {
    // 0 for none: request ids start at 1.
    private let value = Atomic<UInt64>(0)
    var id: RequestID? {
        get {
            let raw = value.load(ordering: .acquiring)
            return raw == 0 ? nil : RequestID(raw)
        }
        set { value.store(newValue?.rawValue ?? 0, ordering: .releasing) }
    }
}
