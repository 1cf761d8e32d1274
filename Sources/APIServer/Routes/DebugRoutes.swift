import Foundation

/// The seed's `AttachProfiler`, registered only with `-D`: no method restriction, no version prefix, no
/// request wrapper. `/debug/vars` reports process and server statistics gathered by the daemon.
public struct DebugRoutes: Sendable {
    /// Produces the `/debug/vars` document.
    public let vars: @Sendable () async -> [String: any Sendable]

    public init(vars: @escaping @Sendable () async -> [String: any Sendable]) {
        self.vars = vars
    }

    public var routes: [Route] {
        [
            Route(.GET, "/debug/vars", "expvarHandler", origin: .debug) { context in
                let document = await vars()
                let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
                try await context.send(contentType: "application/json; charset=utf-8", body: data + Data("\n".utf8))
            }
        ]
    }
}
