import Errdefs
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServerCore

/// What a route handler gets: the request, its route variables and API version, the query, and helpers that
/// write responses carrying the headers every API response has (`Api-Version`, `Server`, CORS…).
public struct APIContext: Sendable {
    public let request: ServerRequest
    public let writer: ResponseWriter
    /// Variables captured by the route template (`name`, `version`).
    public let vars: [String: String]
    /// The version the client asked for (from the path), or the server's.
    public let version: APIVersion
    public let query: QueryParameters
    public let route: Route
    public let logger: Logger
    /// Headers added to every response of this request.
    let baseHeaders: HTTPHeaders

    /// The value of route variable `name` (empty when absent).
    public func variable(_ name: String) -> String { vars[name] ?? "" }

    /// True when the client asked for at least `version`.
    public func versionAtLeast(_ minimum: String) -> Bool {
        guard let minimum = APIVersion(minimum) else { return true }
        return version >= minimum
    }

    // MARK: Request bodies

    /// The JSON body decoded as `T`, or nil when the body is empty. Enforces Content-Type and the route's size.
    public func decodeJSON<T: Decodable>(_ type: T.Type) async throws -> T? {
        let body = try await request.body.collect(upTo: route.maxBodyBytes)
        if body.readableBytes > 0 {
            try JSONBody.checkContentType(request.headers.first(name: "Content-Type"))
        }
        return try JSONBody.decode(type, from: body)
    }

    // MARK: Whole responses

    /// Sends `value` as JSON.
    public func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) async throws {
        try await send(status: status, contentType: "application/json", body: try JSONBody.encode(value))
    }

    /// Sends raw bytes with a content type.
    public func send(status: HTTPResponseStatus = .ok, contentType: String?, body: Data) async throws {
        var headers = baseHeaders
        if let contentType { headers.replaceOrAdd(name: "Content-Type", value: contentType) }
        try await writer.respond(status: status, headers: headers, body: writer.allocator.buffer(bytes: body))
    }

    /// Sends a text body.
    public func text(_ text: String, status: HTTPResponseStatus = .ok, contentType: String = "text/plain; charset=utf-8") async throws {
        try await send(status: status, contentType: contentType, body: Data(text.utf8))
    }

    /// Sends a status with no body (204, 201, 304…).
    public func empty(_ status: HTTPResponseStatus = .noContent, headers extra: HTTPHeaders = [:]) async throws {
        var headers = baseHeaders
        headers.add(contentsOf: extra)
        try await writer.respond(status: status, headers: headers, body: nil)
    }

    // MARK: Streams

    /// Starts a streamed response (chunked); follow with `write` and `end`.
    public func startStream(status: HTTPResponseStatus = .ok, contentType: String?, headers extra: HTTPHeaders = [:]) async throws {
        var headers = baseHeaders
        if let contentType { headers.replaceOrAdd(name: "Content-Type", value: contentType) }
        headers.add(contentsOf: extra)
        try await writer.writeHead(status: status, headers: headers)
    }

    /// Writes a body chunk of a streamed response.
    public func write(_ data: Data) async throws {
        try await writer.write(writer.allocator.buffer(bytes: data))
    }

    /// Writes one JSON value followed by `\r\n` (Docker's JSON message streams) or `\n`.
    public func writeJSONLine<T: Encodable>(_ value: T, terminator: String = "\n") async throws {
        var data = try JSONBody.encoder().encode(value)
        data.append(contentsOf: Array(terminator.utf8))
        try await write(data)
    }

    /// Ends a streamed response.
    public func end() async throws { try await writer.end() }

    /// Returns when the client has gone away (for streams that would otherwise wait forever).
    public func waitForClientToLeave() async {
        await writer.waitUntilClosed()
    }

    /// Answers `101 UPGRADED` (`Upgrade: tcp`) when the client asked to upgrade, else the legacy
    /// `200 OK`, and hands over the raw connection (Docker's attach).
    public func hijack(contentType: String) async throws -> HijackedStream {
        var headers = baseHeaders
        headers.replaceOrAdd(name: "Content-Type", value: contentType)
        if request.headers.contains(name: "Upgrade") {
            headers.replaceOrAdd(name: "Connection", value: "Upgrade")
            headers.replaceOrAdd(name: "Upgrade", value: "tcp")
            // `.custom`: the `statusCode:reasonPhrase:` initialiser maps 101 to "Switching Protocols", dropping dockerd's phrase.
            return try await writer.hijack(status: .custom(code: 101, reasonPhrase: "UPGRADED"), headers: headers)
        }
        return try await writer.hijack(status: .ok, headers: headers)
    }
}
