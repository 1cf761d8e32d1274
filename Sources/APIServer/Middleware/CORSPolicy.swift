import NIOHTTP1

/// `--api-cors-header ORIGIN` (or the seed's `--api-enable-cors`, meaning `*`): the Access-Control headers
/// added to every API response, and the answer to OPTIONS preflights.
public struct CORSPolicy: Sendable, Equatable {
    /// The allowed origin (`*` for any).
    public let allowOrigin: String

    public init(allowOrigin: String) { self.allowOrigin = allowOrigin.isEmpty ? "*" : allowOrigin }

    /// Adds the three Access-Control headers.
    public func apply(to headers: inout HTTPHeaders) {
        headers.add(name: "Access-Control-Allow-Origin", value: allowOrigin)
        headers.add(name: "Access-Control-Allow-Headers", value: "Origin, X-Requested-With, Content-Type, Accept, X-Registry-Auth")
        headers.add(name: "Access-Control-Allow-Methods", value: "HEAD, GET, POST, DELETE, PUT, OPTIONS")
    }
}
