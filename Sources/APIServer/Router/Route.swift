import NIOHTTP1

/// A route handler, the counterpart of the seed's `HttpApiFunc`: it reads the request and writes the response
/// through its context, and throws typed errors that the request wrapper maps to statuses.
public typealias APIHandler = @Sendable (APIContext) async throws -> Void

/// One entry of the route table: a method, a path template and a named handler.
public struct Route: Sendable {
    /// Where a route comes from: the seed's table of Docker 1.2, or what modern clients need besides.
    public enum Origin: String, Sendable {
        /// One of the 39 routes of Docker 1.2's `createRouter`.
        case seed
        /// Added for modern clients (e.g. `HEAD /_ping`, `GET /images/get`).
        case modern
        /// `AttachProfiler`'s debug routes (only with `-D`).
        case debug
    }

    /// `GET`, `POST`, `DELETE`, `HEAD`, `OPTIONS` (for the OPTIONS catch-all the template is empty).
    public let method: HTTPMethod
    /// The template as registered, without the version prefix.
    public let template: String
    /// The handler's name as in the seed (`getContainersByName`).
    public let handlerName: String
    public let origin: Origin
    /// The largest JSON body the route reads whole (tar uploads stream and ignore this).
    public let maxBodyBytes: Int
    public let handler: APIHandler

    public init(
        _ method: HTTPMethod, _ template: String, _ handlerName: String, origin: Origin = .seed,
        maxBodyBytes: Int = 4 << 20, handler: @escaping APIHandler
    ) {
        self.method = method
        self.template = template
        self.handlerName = handlerName
        self.origin = origin
        self.maxBodyBytes = maxBodyBytes
        self.handler = handler
    }
}
