import Errdefs
import Foundation
import NIOHTTP1

/// `/_ping`, `/version`, `/info`, `/events`, `/auth`, `/build` and the OPTIONS catch-all.
struct SystemRoutes: Sendable {
    let backends: APIBackends
    let configuration: APIServerConfiguration

    var routes: [Route] {
        [
            Route(.GET, "/_ping", "ping") { try await ping($0) },
            Route(.GET, "/events", "getEvents") { try await EventsHandler(backend: backends.events).stream($0) },
            Route(.GET, "/info", "getInfo") { try await $0.json(try await backends.system.info()) },
            Route(.GET, "/version", "getVersion") { try await $0.json(try await backends.system.version()) },
            Route(.POST, "/auth", "postAuth") { _ in
                throw DaemonError.notImplemented("registry login is not implemented yet: daemon-tui has no registry client")
            },
            Route(.POST, "/build", "postBuild", maxBodyBytes: 0) { _ in
                throw DaemonError.notImplemented("image build is not implemented in daemon-tui")
            },
            Route(.OPTIONS, "", "optionsHandler") { try await $0.empty(.ok) },
            Route(.HEAD, "/_ping", "headPing", origin: .modern) { try await ping($0) },
        ]
    }

    private static let pingHeaders: HTTPHeaders = [
        "Builder-Version": "1",
        "Swarm": "inactive",
        "Cache-Control": "no-cache, no-store, must-revalidate",
        "Pragma": "no-cache",
    ]

    /// `OK`, with the headers the docker CLI reads to negotiate (`Api-Version`, `Ostype`, `Builder-Version`…).
    private func ping(_ context: APIContext) async throws {
        let headers = Self.pingHeaders
        if context.request.method == .HEAD {
            var all = headers
            all.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            try await context.empty(.ok, headers: all)
        } else {
            var all = context.baseHeaders
            all.reserveCapacity(all.count + headers.count + 2)
            all.add(contentsOf: headers)
            all.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            try await context.writer.respond(status: .ok, headers: all, body: context.writer.allocator.buffer(string: "OK"))
        }
    }
}
