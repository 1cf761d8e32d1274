import APIServer
import Foundation
import Logging
import NIOHTTP1
import ServerCore
import Synchronization
import TestSupport
import Traffic

/// A router over a unix socket, with fake backends, for API tests.
struct APIHarness {
    let server: InProcessServer
    let socket: String
    let directory: TemporaryDirectory
    let events: FakeEvents

    static func start(
        cors: CORSPolicy? = nil, apiVersion: String = "1.41", extraRoutes: [Route] = [], holding: Bool = false,
        images: (any ImageBackend)? = nil, containers: (any ContainerBackend)? = nil
    ) async throws -> APIHarness {
        let directory = try TemporaryDirectory(prefix: "api")
        let socket = directory.file("api.sock")
        let events = FakeEvents()
        let configuration = APIServerConfiguration(
            cors: cors, daemonVersion: "0.1.0", apiVersion: APIVersion(apiVersion)!)
        let backends = APIBackends(system: FakeSystem(), events: events, images: images, containers: containers)
        let routes = RouteTable.routes(backends: backends, configuration: configuration) + extraRoutes
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let holder = RouterHolder()
        let server = try await InProcessServer.start(["unix://\(socket)"], holding: holding, responder: holder)
        holder.router = try APIRouter(routes: routes, configuration: configuration, traffic: server.traffic, logger: logger)
        server.traffic.setRoutes(APIRouter.records(for: routes))
        return APIHarness(server: server, socket: socket, directory: directory, events: events)
    }

    /// Sends one request and reads the response.
    func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: String = "", timeout: TimeInterval = 10
    ) async throws -> HTTPResponseText {
        let connection = try await RawConnection.open(unixPath: socket)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: d\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        try await connection.write(text)
        return try await connection.response(timeout: timeout)
    }

    func stop() async {
        await server.stop()
        directory.remove()
    }
}

/// Lets the harness create the router after the server (the router needs the server's traffic store).
final class RouterHolder: HTTPResponder, @unchecked Sendable {
    // Set once before the first request arrives.
    var router: APIRouter?
    func routing(for head: HTTPRequestHead) -> RequestRouting? { router?.routing(for: head) }
    func respond(to request: ServerRequest, writer: ResponseWriter) async throws {
        try await router!.respond(to: request, writer: writer)
    }
}

struct FakeSystem: SystemBackend {
    func version() async throws -> VersionResponse {
        VersionResponse(
            platform: "test", version: "0.1.0", apiVersion: "1.41", minAPIVersion: "1.12", gitCommit: "x",
            runtimeVersion: "swift", os: "linux", arch: "amd64", kernelVersion: "6", buildTime: "now")
    }

    func info() async throws -> InfoResponse {
        InfoResponse(
            id: "id", containers: 0, running: 0, paused: 0, stopped: 0, images: 0, driver: "overlay2", driverStatus: [],
            ipv4Forwarding: false, debug: false, nfd: 1, threads: 1, systemTime: "", cgroupVersion: "1",
            eventListeners: 0, kernelVersion: "6", operatingSystem: "test", osVersion: "1", architecture: "x86_64",
            ncpu: 2, memTotal: 1, rootDir: "/x", httpProxy: "", httpsProxy: "", noProxy: "", name: "h",
            serverVersion: "0.1.0", runtimes: [:], defaultRuntime: "x", liveRestore: true, warnings: [])
    }
}

/// An event bus for tests: `publish` feeds live subscribers; past events replay from `since`.
final class FakeEvents: EventsBackend {
    private let state = Mutex<(past: [APIEvent], live: [Int: AsyncStream<APIEvent>.Continuation], next: Int)>(([], [:], 0))

    var subscribers: Int { state.withLock { $0.live.count } }

    func publish(_ event: APIEvent) {
        let live = state.withLock { s in
            s.past.append(event)
            return Array(s.live.values)
        }
        for continuation in live { continuation.yield(event) }
    }

    func subscribe(sinceNano: Int64?) -> EventSubscription {
        let (stream, continuation) = AsyncStream.makeStream(of: APIEvent.self)
        let (replay, id) = state.withLock { s -> ([APIEvent], Int) in
            let replay = sinceNano.map { since in s.past.filter { $0.timeNano >= since } } ?? []
            s.next += 1
            s.live[s.next] = continuation
            return (replay, s.next)
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.live.removeValue(forKey: id) } }
        return EventSubscription(replay: replay, live: stream)
    }
}
