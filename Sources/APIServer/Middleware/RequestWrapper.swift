import Errdefs
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServerCore
import Traffic

/// The seed's `makeHttpHandler`: what runs around every route handler. It logs the call, reads the API version
/// from the path (default: the server's) and refuses versions out of range, sets the headers every response
/// carries, adds CORS headers, runs the handler, and maps a thrown error to a status and a JSON message.
struct RequestWrapper: Sendable {
    let configuration: APIServerConfiguration
    let logger: Logger
    /// Built once: every response starts from a copy.
    private let common: HTTPHeaders
    private let base: HTTPHeaders

    init(configuration: APIServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.common = Self.commonHeaders(for: configuration)
        self.base = Self.baseHeaders(for: configuration)
    }

    /// `Server`, `Api-Version`, `Ostype`, `Docker-Experimental`: on every API response, as dockerd sends them.
    static func commonHeaders(for configuration: APIServerConfiguration) -> HTTPHeaders {
        [
            "Api-Version": configuration.apiVersion.text,
            "Docker-Experimental": "false",
            "Ostype": "linux",
            "Server": "daemon-tui/\(configuration.daemonVersion) (linux)",
        ]
    }

    /// The headers every response of a routed request carries: the common ones, and CORS's when enabled.
    static func baseHeaders(for configuration: APIServerConfiguration) -> HTTPHeaders {
        var headers = commonHeaders(for: configuration)
        if let cors = configuration.cors { cors.apply(to: &headers) }
        return headers
    }

    func handle(_ route: Route, vars: [String: String], request: ServerRequest, writer: ResponseWriter) async {
        if configuration.logging {
            logger.debug("Calling \(route.method) \(route.template)", metadata: ["request": "\(request.id)"])
        }
        checkUserAgent(request)
        let headers = base

        let requested = vars["version"].flatMap(APIVersion.init) ?? configuration.apiVersion
        do {
            if let raw = vars["version"], APIVersion(raw) == nil {
                throw DaemonError.invalidParameter("invalid API version \(raw)")
            }
            if requested > configuration.apiVersion {
                throw DaemonError.invalidParameter(
                    "client version \(requested) is too new. Maximum supported API version is \(configuration.apiVersion)")
            }
            if requested < configuration.minimumAPIVersion {
                throw DaemonError.invalidParameter(
                    "client version \(requested) is too old. Minimum supported API version is \(configuration.minimumAPIVersion), please upgrade your client to a newer version")
            }
            let context = APIContext(
                request: request, writer: writer, vars: vars, version: requested,
                query: QueryParameters(uri: request.uri), route: route, logger: logger, baseHeaders: headers)
            try await route.handler(context)
        } catch {
            await report(error, route: route, request: request, writer: writer, headers: headers)
        }
    }

    /// The common headers (no CORS), for answers outside a route such as the 404.
    func commonHeaders() -> HTTPHeaders { common }

    /// Writes an error: a status and `{"message": …}` if nothing was sent yet; once a stream has started, the
    /// status is gone, so the connection is aborted — the client sees a truncated response, never a complete
    /// one (streams with an in-band error format write it themselves).
    private func report(_ error: any Error, route: Route, request: ServerRequest, writer: ResponseWriter, headers: HTTPHeaders) async {
        let status = ErrorMapping.status(for: error)
        let message = ErrorMapping.message(for: error)
        if status.code >= 500 {
            logger.error("Handler for \(route.method) \(route.template) returned error: \(message)")
        } else {
            logger.debug("Handler for \(route.method) \(route.template) returned error: \(message)")
        }
        guard !writer.isHeadWritten else {
            writer.abort()
            return
        }
        var headers = headers
        if status == .notModified {
            try? await writer.respond(status: status, headers: headers, body: nil)
            return
        }
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        let body = (try? JSONBody.encode(["message": message])) ?? Data()
        try? await writer.respond(status: status, headers: headers, body: writer.allocator.buffer(bytes: body))
    }

    /// Like Docker, a client whose User-Agent names another version is only mentioned in the debug log.
    private func checkUserAgent(_ request: ServerRequest) {
        guard let agent = request.headers.first(name: "User-Agent"), agent.contains("Docker-Client/") else { return }
        let parts = agent.split(separator: "/", maxSplits: 1)
        if parts.count == 2 {
            let clientVersion = parts[1].split(separator: " ").first.map(String.init) ?? ""
            if clientVersion != configuration.daemonVersion {
                logger.debug("Warning: client and server don't have the same version (client: \(clientVersion), server: \(configuration.daemonVersion))")
            }
        }
    }
}
