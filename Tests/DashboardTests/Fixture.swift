import Dashboard
import Foundation
import Synchronization
import Traffic

/// Fills a real `TrafficStore` the way the server does (the production data path), for the view tests.
///
/// Every store call the tests make goes through here, so a change in the Traffic API touches one file.
enum Fixture {
    static let unix = ListenerID(1)
    static let tcp = ListenerID(2)
    static let socketPath = "/tmp/dt-test.sock"

    /// Routes in registration order, as the router registers them (a subset of the 39).
    static let routes: [(String, String, String)] = [
        ("GET", "/_ping", "ping"),
        ("GET", "/events", "getEvents"),
        ("GET", "/version", "getVersion"),
        ("GET", "/containers/json", "getContainersJSON"),
        ("GET", "/containers/{name:.*}/json", "getContainersByName"),
        ("POST", "/auth", "postAuth"),
        ("POST", "/containers/create", "postContainersCreate"),
        ("POST", "/containers/{name:.*}/attach", "postContainersAttach"),
        ("DELETE", "/containers/{name:.*}", "deleteContainers"),
    ]

    static func routeID(_ template: String, method: String = "GET") -> Int {
        routes.firstIndex { $0.0 == method && $0.1 == template }!
    }

    /// A store with identity, a unix and a TLS-verify tcp listener, the routes and the two seed jobs.
    static func store(capacity: Int = 5000, holding: Bool = false, socketPath: String = socketPath) -> TrafficStore {
        let store = TrafficStore(capacity: capacity)
        store.setIdentity(DaemonIdentity(
            version: "1.2.0-tui", apiVersion: "1.14", pid: 4242, dataRoot: "/var/lib/daemon-tui",
            dockerHost: "unix://\(socketPath)"))
        store.addListener(ListenerRecord(
            id: unix, proto: "unix", address: socketPath, boundAddress: socketPath, tls: .none, unixMode: "0660",
            unixGroup: "docker", state: holding ? .holding : .listening))
        store.addListener(ListenerRecord(
            id: tcp, proto: "tcp", address: "0.0.0.0:2376", boundAddress: "0.0.0.0:2376", tls: .verify,
            state: holding ? .holding : .listening))
        store.setRoutes(routes.enumerated().map { RouteRecord(id: $0.offset, method: $0.element.0, template: $0.element.1, handler: $0.element.2) })
        let serve = store.addJob(
            name: "serveapi", args: ["unix://\(socketPath)", "tcp://0.0.0.0:2376"],
            env: [
                HeaderField("Logging", "true"), HeaderField("EnableCors", "false"), HeaderField("Version", "1.2.0-tui"),
                HeaderField("SocketGroup", "docker"), HeaderField("Tls", "true"), HeaderField("TlsVerify", "true"),
                HeaderField("TlsCa", "/etc/dt/ca.pem"), HeaderField("BufferRequests", "true"),
            ])
        _ = serve
        if !holding {
            let accept = store.addJob(name: "acceptconnections", args: [], env: [])
            store.updateJob(accept) { $0.status = .ok; $0.ended = $0.started }
        }
        store.setActivation(ActivationRecord(
            holding: holding, bufferingEnabled: holding, activeSince: holding ? nil : Date(timeIntervalSince1970: 1_700_000_000)))
        return store
    }

    /// Logs a request through every stage and returns its id.
    @discardableResult
    static func request(
        _ store: TrafficStore, _ method: String, _ uri: String, listener: ListenerID = unix, route: String? = nil,
        vars: [String: String] = [:], headers: [HeaderField] = [], body: String = "", status: Int? = 200,
        response: String = "", finish: Bool = true, held: Bool = false, at start: Date = Date()
    ) -> RequestID {
        let id = store.beginRequest(
            listener: listener, peer: listener == unix ? "@" : "127.0.0.1:51234", method: method, uri: uri,
            httpVersion: "1.1", headers: [HeaderField("Host", "localhost")] + headers, at: start)
        if !body.isEmpty { store.requestBody(id, bytes: Array(body.utf8)) }
        if held {
            store.requestHeld(id, listener: listener, at: start)
            return id
        }
        let template = route ?? templateFor(method: method, uri: uri)
        let routeIndex = template.flatMap { t in routes.firstIndex { $0.0 == method && $0.1 == t } }
        store.requestDispatched(id, at: start.addingTimeInterval(0.001))
        store.requestRouted(id, RequestRouting(routeID: routeIndex, route: template, handler: routeIndex.map { routes[$0].2 }, vars: vars))
        guard let status else { return id }
        store.responseStarted(
            id, status: status, headers: [HeaderField("Content-Type", "application/json")], streaming: !finish,
            at: start.addingTimeInterval(0.002))
        if !response.isEmpty { store.responseBody(id, bytes: Array(response.utf8)) }
        if finish { store.finishRequest(id, at: start.addingTimeInterval(0.003)) }
        return id
    }

    /// Releases a held request (as activation does) and lets it finish with `status`.
    static func release(_ store: TrafficStore, _ id: RequestID, listener: ListenerID = unix, status: Int = 200) {
        store.requestReleased(id, listener: listener)
        store.requestDispatched(id)
        store.requestRouted(id, RequestRouting())
        store.responseStarted(id, status: status, headers: [], streaming: false)
        store.finishRequest(id)
    }

    static func templateFor(method: String, uri: String) -> String? {
        let path = uri.split(separator: "?").first.map(String.init) ?? uri
        let bare = path.replacingOccurrences(of: #"^/v[0-9.]+"#, with: "", options: .regularExpression)
        return routes.first { $0.0 == method && $0.1 == bare }?.1
    }
}

/// Records what the dashboard asked of the daemon.
final class FakeControl: DashboardControl {
    enum Call: Equatable {
        case activate, setBuffering(Bool), shutdown
    }

    private let recorded = Mutex<[Call]>([])
    var calls: [Call] { recorded.withLock { $0 } }

    func activate() { recorded.withLock { $0.append(.activate) } }
    func setBuffering(_ on: Bool) { recorded.withLock { $0.append(.setBuffering(on)) } }
    func requestShutdown() { recorded.withLock { $0.append(.shutdown) } }
}

/// Rendering helpers.
enum Render {
    static let color = TerminalCapabilities(colors: true, unicode: true, clipboard: true)
    static let vt100 = TerminalCapabilities.detect(
        environment: ["TERM": "vt100"], terminalHasColors: false, utf8Locale: false)

    static func screen(
        _ store: TrafficStore, model: DashboardModel? = nil, size: TerminalSize = TerminalSize(width: 80, height: 24),
        capabilities: TerminalCapabilities = color, now: Date = Date()
    ) -> CellGrid {
        var model = model ?? DashboardModel(size: size)
        model.resize(to: size)
        return Dashboard.Screen.render(model: model, snapshot: store.snapshot(), now: now, theme: Theme(capabilities: capabilities))
    }

    /// Applies keys to a model and returns the actions.
    @discardableResult
    static func press(_ keys: [Key], _ model: inout DashboardModel, _ store: TrafficStore) -> [DashboardAction] {
        keys.flatMap { model.handle($0, store.snapshot()) }
    }

    static func type(_ text: String) -> [Key] { text.map { Key.character($0) } }
}

/// Runs a dashboard's blocking loop on a thread of its own, as the executable runs it on the main thread:
/// blocking one of Swift's few cooperative threads would stall every other test.
func runOnOwnThread(_ body: @escaping () throws -> Void) async throws {
    let transfer = UncheckedTransfer(value: body)
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        Thread {
            do {
                try transfer.value()
                continuation.resume()
            } catch {
                continuation.resume(throwing: error)
            }
        }.start()
    }
}

/// Hands a non-Sendable value to the one thread that will use it. Sound here because the caller suspends until
/// that thread is done and touches the value only afterwards (the continuation orders the accesses).
struct UncheckedTransfer<T>: @unchecked Sendable {
    let value: T
}
