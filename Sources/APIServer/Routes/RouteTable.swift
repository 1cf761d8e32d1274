import NIOHTTP1

/// The whole route table, in the order of the seed's `createRouter` map (GET, POST, DELETE, OPTIONS), followed
/// by the routes modern clients need besides.
public enum RouteTable {
    /// The seed's 39 routes, as `METHOD template`, in the seed's order.
    public static let seedOrder: [String] = [
        "GET /_ping", "GET /events", "GET /info", "GET /version", "GET /images/json", "GET /images/viz",
        "GET /images/search", "GET /images/{name:.*}/get", "GET /images/{name:.*}/history",
        "GET /images/{name:.*}/json", "GET /containers/ps", "GET /containers/json",
        "GET /containers/{name:.*}/export", "GET /containers/{name:.*}/changes", "GET /containers/{name:.*}/json",
        "GET /containers/{name:.*}/top", "GET /containers/{name:.*}/logs", "GET /containers/{name:.*}/attach/ws",
        "POST /auth", "POST /commit", "POST /build", "POST /images/create", "POST /images/load",
        "POST /images/{name:.*}/push", "POST /images/{name:.*}/tag", "POST /containers/create",
        "POST /containers/{name:.*}/kill", "POST /containers/{name:.*}/pause", "POST /containers/{name:.*}/unpause",
        "POST /containers/{name:.*}/restart", "POST /containers/{name:.*}/start", "POST /containers/{name:.*}/stop",
        "POST /containers/{name:.*}/wait", "POST /containers/{name:.*}/resize", "POST /containers/{name:.*}/attach",
        "POST /containers/{name:.*}/copy", "DELETE /containers/{name:.*}", "DELETE /images/{name:.*}", "OPTIONS ",
    ]

    /// Every API route: the seed's first, in its order, then the modern additions.
    public static func routes(backends: APIBackends, configuration: APIServerConfiguration) -> [Route] {
        let all = SystemRoutes(backends: backends, configuration: configuration).routes
            + ImageRoutes(backend: backends.images).routes
            + ContainerRoutes(backend: backends.containers).routes
        let rank = Dictionary(uniqueKeysWithValues: seedOrder.enumerated().map { ($1, $0) })
        return all.enumerated().sorted { a, b in
            let ra = rank["\(a.element.method.rawValue) \(a.element.template)"] ?? seedOrder.count + a.offset
            let rb = rank["\(b.element.method.rawValue) \(b.element.template)"] ?? seedOrder.count + b.offset
            return ra < rb
        }.map(\.element)
    }
}
