import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServerCore
import Traffic

/// The seed's `createRouter`: a gorilla/mux-style router holding the route table. Every route is registered
/// twice, under `/v{version:[0-9.]+}` and unversioned; the OPTIONS entry matches every path; no match is a
/// 404 `page not found`. One router is created per listener, as `ListenAndServe` does.
public final class APIRouter: HTTPResponder {
    // A class: matching walks the table for every request, and a struct would be copied entry by entry.
    final class Registered: Sendable {
        let id: Int
        let route: Route
        let versioned: PathTemplate
        let plain: PathTemplate

        init(id: Int, route: Route, versioned: PathTemplate, plain: PathTemplate) {
            self.id = id
            self.route = route
            self.versioned = versioned
            self.plain = plain
        }
    }

    /// The routes in registration order (their index is their id in the traffic feed).
    public let routes: [Route]
    private let registered: [Registered]
    private let debugRoutes: [(Route, PathTemplate)]
    private let wrapper: RequestWrapper
    private let traffic: TrafficStore
    private let logger: Logger

    /// Builds a router over `routes` (plus `debugRoutes`, matched first with no method, version or wrapper, as
    /// the seed's `AttachProfiler` registers them).
    public init(
        routes: [Route], debugRoutes: [Route] = [], configuration: APIServerConfiguration, traffic: TrafficStore,
        logger: Logger
    ) throws {
        self.routes = routes
        self.registered = try routes.enumerated().map { id, route in
            Registered(
                id: id, route: route, versioned: try PathTemplate("/v{version:[0-9.]+}" + route.template),
                plain: try PathTemplate(route.template.isEmpty ? "/{any:.*}" : route.template))
        }
        self.debugRoutes = try debugRoutes.map { ($0, try PathTemplate($0.template)) }
        self.wrapper = RequestWrapper(configuration: configuration, logger: logger)
        self.traffic = traffic
        self.logger = logger
    }

    /// The route table as the traffic feed lists it (hit counts start at zero).
    public static func records(for routes: [Route]) -> [RouteRecord] {
        routes.enumerated().map { id, route in
            RouteRecord(id: id, method: route.method.rawValue, template: route.template.isEmpty ? "*" : route.template, handler: route.handlerName)
        }
    }

    /// What a request's method and target lead to.
    private enum Match {
        /// The path is not clean (`//`, `.`, `..`): a redirect to its clean form.
        case redirect(location: String)
        case debug(Route, vars: [String: String])
        case route(Registered, vars: [String: String])
        case notFound

        var routing: RequestRouting {
            switch self {
            case .redirect: RequestRouting(handler: "redirect")
            case .debug(let route, let vars): RequestRouting(route: route.template, handler: route.handlerName, vars: vars)
            case .route(let entry, let vars):
                RequestRouting(
                    routeID: entry.id, route: entry.route.template.isEmpty ? "*" : entry.route.template,
                    handler: entry.route.handlerName, vars: vars)
            case .notFound: RequestRouting()
            }
        }
    }

    public func routing(for head: HTTPRequestHead) -> RequestRouting? {
        match(method: head.method, uri: head.uri).routing
    }

    public func respond(to request: ServerRequest, writer: ResponseWriter) async throws {
        let matched: Match
        // The connection asked `routing(for:)` as it dispatched the request, and recorded it; a route's id
        // leads straight back to it. The rare answers (redirect, debug, 404) are worked out again.
        if let routing = request.routing, let id = routing.routeID, registered.indices.contains(id) {
            matched = .route(registered[id], vars: routing.vars)
        } else {
            matched = match(method: request.method, uri: request.uri)
            if request.routing == nil { traffic.requestRouted(request.id, matched.routing) }
        }
        switch matched {
        case .redirect(let location):
            try await writer.respond(status: .movedPermanently, headers: ["Location": location])
        case .debug(let route, let vars):
            try await route.handler(debugContext(route, vars: vars, request: request, writer: writer))
        case .route(let entry, let vars):
            await wrapper.handle(entry.route, vars: vars, request: request, writer: writer)
        case .notFound:
            var headers = wrapper.commonHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            try await writer.respond(
                status: .notFound, headers: headers,
                body: writer.allocator.buffer(string: #"{"message":"page not found"}"# + "\n"))
        }
    }

    private func match(method: HTTPMethod, uri: String) -> Match {
        // Searched as bytes: a Character search walks grapheme clusters, on every request.
        let query = uri.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = query.map { String(uri[..<$0]) } ?? uri
        // Most paths carry no escapes; Foundation's decoder is costly enough to skip when it has nothing to do.
        let path = rawPath.utf8.contains(UInt8(ascii: "%")) ? (rawPath.removingPercentEncoding ?? rawPath) : rawPath
        if PathCleaning.needsCleaning(path) {
            var location = PathCleaning.clean(path)
            if let query { location += uri[query...] }
            return .redirect(location: location)
        }
        for (route, template) in debugRoutes {
            if let vars = template.match(path) { return .debug(route, vars: vars) }
        }
        if let (entry, vars) = match(method: method, path: path) { return .route(entry, vars: vars) }
        return .notFound
    }

    /// The route for `method` and `path`, with its variables (versioned form first).
    func match(method: HTTPMethod, path: String) -> (Registered, [String: String])? {
        for entry in registered where entry.route.method == method {
            if entry.route.template.isEmpty { return (entry, [:]) }
            if let vars = entry.versioned.match(path) ?? entry.plain.match(path) { return (entry, vars) }
        }
        return nil
    }

    private func debugContext(_ route: Route, vars: [String: String], request: ServerRequest, writer: ResponseWriter) -> APIContext {
        APIContext(
            request: request, writer: writer, vars: vars, version: APIVersion("1.12")!,
            query: QueryParameters(uri: request.uri), route: route, logger: logger, baseHeaders: [:])
    }
}
