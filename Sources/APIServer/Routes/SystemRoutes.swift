import Errdefs
import Foundation
import NIOCore
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

    /// `/_ping`'s headers beyond the ones every response carries.
    private static let pingHeaders: HTTPHeaders = [
        "Builder-Version": "1",
        "Swarm": "inactive",
        "Cache-Control": "no-cache, no-store, must-revalidate",
        "Pragma": "no-cache",
        "Content-Type": "text/plain; charset=utf-8",
    ]

    /// `/_ping`'s whole answer for GET and for HEAD, built once: the docker CLI pings before every command,
    /// and monitors ping in a loop.
    private let pingGet: HTTPHeaders
    private let pingHead: HTTPHeaders
    private static let pingBody = ByteBuffer(string: "OK")

    init(backends: APIBackends, configuration: APIServerConfiguration) {
        self.backends = backends
        self.configuration = configuration
        var headers = RequestWrapper.baseHeaders(for: configuration)
        headers.add(contentsOf: Self.pingHeaders)
        var get = headers
        get.add(name: "Content-Length", value: String(Self.pingBody.readableBytes))
        headers.add(name: "Content-Length", value: "0")
        (pingGet, pingHead) = (get, headers)
    }

    /// `OK`, with the headers the docker CLI reads to negotiate (`Api-Version`, `Ostype`, `Builder-Version`…).
    private func ping(_ context: APIContext) async throws {
        if context.request.method == .HEAD {
            try await context.writer.respond(status: .ok, headers: pingHead, body: nil)
        } else {
            try await context.writer.respond(status: .ok, headers: pingGet, body: Self.pingBody)
        }
    }
}
