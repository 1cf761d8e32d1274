import APIServer
import Foundation
import NIOHTTP1
import Testing
import TestSupport
import Traffic

@Suite("The router and the request wrapper (makeHttpHandler)")
struct RouterTests {
    @Test("all 39 routes of the seed's table are registered with their handler names")
    func seedTable() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        let records = harness.server.traffic.snapshot().routes
        let registered = Set(records.map { "\($0.method) \($0.template == "*" ? "" : $0.template)" })
        #expect(RouteTable.seedOrder.count == 39)
        #expect(Set(RouteTable.seedOrder).isSubset(of: registered))
        #expect(records.first { $0.template == "/containers/{name:.*}/json" }?.handler == "getContainersByName")
        #expect(records.first { $0.template == "/_ping" && $0.method == "GET" }?.handler == "ping")
    }

    @Test("routes answer both versioned and unversioned; unknown paths get a JSON 404")
    func versionedAndUnversioned() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("GET", "/_ping").bodyText == "OK")
        #expect(try await harness.request("GET", "/v1.41/_ping").bodyText == "OK")
        let missing = try await harness.request("GET", "/v1.41/nothing/here")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/json")
        #expect(missing.bodyText == #"{"message":"page not found"}"# + "\n")
        // A known path with the wrong method is not found either, as in mux.
        #expect(try await harness.request("DELETE", "/_ping").status == 404)
    }

    @Test("a non-canonical path is redirected to the clean one, query kept")
    func redirect() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        let response = try await harness.request("GET", "/v1.41//version?x=1")
        #expect(response.status == 301)
        #expect(response.header("Location") == "/v1.41/version?x=1")
    }

    @Test("{name:.*} captures names with slashes and colons; the variables reach the traffic feed")
    func routeVariables() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        let response = try await harness.request("GET", "/v1.41/images/localhost:5000/foo/bar/json")
        #expect(response.status == 501)
        #expect(response.bodyText.contains("not implemented"))
        let record = try #require(harness.server.traffic.snapshot().requests.last)
        #expect(record.route == "/images/{name:.*}/json")
        #expect(record.handler == "getImagesByName")
        #expect(record.vars == ["version": "1.41", "name": "localhost:5000/foo/bar"])
    }

    @Test("the route is recorded as the request is dispatched: at once when active, at activation when held")
    func routeRecordedAtDispatch() async throws {
        // One gate per request: an AsyncStream wants one reader at a time.
        let gates = ["first": AsyncStream<Void>.makeStream(), "second": AsyncStream<Void>.makeStream()]
        let wait = Route(.GET, "/test/wait/{what}", "testWait", origin: .modern) { context in
            for await _ in gates[context.variable("what")]!.stream { break }
            try await context.text("done")
        }
        let harness = try await APIHarness.start(extraRoutes: [wait], holding: true)
        defer { Task { await harness.stop() } }
        let traffic = harness.server.traffic
        func record(_ uri: String) -> RequestRecord? { traffic.snapshot().requests.last { $0.uri == uri } }

        let held = Task { try await harness.request("GET", "/v1.41/test/wait/first") }
        try await waitUntil { record("/v1.41/test/wait/first")?.phase == .held }
        #expect(record("/v1.41/test/wait/first")?.handler == nil, "not routed while the listen buffer holds it")
        harness.server.buffer.activate()
        // Routed and dispatched while its handler still waits at the gate.
        try await waitUntil { record("/v1.41/test/wait/first")?.handler == "testWait" }
        let first = try #require(record("/v1.41/test/wait/first"))
        #expect(first.phase == .inFlight && first.stages.dispatched != nil)
        #expect(first.vars == ["version": "1.41", "what": "first"])

        let active = Task { try await harness.request("GET", "/test/wait/second") }
        try await waitUntil { record("/test/wait/second") != nil }
        let second = try #require(record("/test/wait/second"))
        #expect(second.route == "/test/wait/{what}" && second.phase == .inFlight)
        #expect(second.stages.dispatched == second.stages.accepted, "dispatched at once, in the same update")

        for gate in gates.values { gate.continuation.yield() }
        #expect(try await held.value.bodyText == "done")
        #expect(try await active.value.bodyText == "done")
        // The request is recorded as done just after its response leaves.
        try await waitUntil { record("/v1.41/test/wait/first")?.phase == .done }
        #expect(record("/v1.41/test/wait/first")?.status == 200)

        #expect(try await harness.request("GET", "/v1.41//version").status == 301)
        #expect(record("/v1.41//version")?.handler == "redirect")
        #expect(try await harness.request("GET", "/nothing").status == 404)
        try await waitUntil { record("/nothing")?.phase == .done }
        let missing = try #require(record("/nothing"))
        #expect(missing.route == nil && missing.handler == nil && missing.status == 404)
    }

    @Test("every routed response carries Api-Version, Ostype, Docker-Experimental and Server")
    func commonHeaders() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        for path in ["/_ping", "/v1.41/version", "/v1.41/containers/json", "/v9.0/info"] {
            let response = try await harness.request("GET", path)
            #expect(response.header("Api-Version") == "1.41", "\(path)")
            #expect(response.header("Ostype") == "linux")
            #expect(response.header("Docker-Experimental") == "false")
            #expect(response.header("Server")?.hasPrefix("daemon-tui/") == true)
        }
    }

    @Test("the version gate: too new and too old are 400s naming both versions")
    func versionGate() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        let tooNew = try await harness.request("GET", "/v1.99/version")
        #expect(tooNew.status == 400)
        #expect(tooNew.bodyText.contains("client version 1.99 is too new. Maximum supported API version is 1.41"))
        let tooOld = try await harness.request("GET", "/v1.5/version")
        #expect(tooOld.status == 400)
        #expect(tooOld.bodyText.contains("client version 1.5 is too old. Minimum supported API version is 1.12"))
        #expect(try await harness.request("GET", "/v1.12/version").status == 200)
        #expect(try await harness.request("GET", "/v1.41.0/version").status == 200)
    }

    @Test("CORS: headers on every response and OPTIONS preflight when enabled, none otherwise")
    func cors() async throws {
        let enabled = try await APIHarness.start(cors: CORSPolicy(allowOrigin: "http://ui.example"))
        defer { Task { await enabled.stop() } }
        let preflight = try await enabled.request("OPTIONS", "/v1.41/containers/create", headers: ["Origin": "http://ui.example"])
        #expect(preflight.status == 200)
        #expect(preflight.header("Access-Control-Allow-Origin") == "http://ui.example")
        #expect(preflight.header("Access-Control-Allow-Methods")?.contains("POST") == true)
        #expect(try await enabled.request("GET", "/_ping").header("Access-Control-Allow-Origin") == "http://ui.example")

        let disabled = try await APIHarness.start()
        defer { Task { await disabled.stop() } }
        #expect(try await disabled.request("GET", "/_ping").header("Access-Control-Allow-Origin") == nil)
        #expect(try await disabled.request("OPTIONS", "/anything").status == 200)
    }

    @Test("HEAD /_ping has the headers and no body")
    func headPing() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        let response = try await harness.request("HEAD", "/_ping")
        #expect(response.status == 200)
        #expect(response.header("Api-Version") == "1.41")
        #expect(response.header("Content-Length") == "0")
    }

    @Test("JSON bodies: wrong Content-Type, broken JSON and oversized bodies are 4xx with a message")
    func jsonBodies() async throws {
        struct Payload: Decodable { let Name: String }
        let echo = Route(.POST, "/test/json", "testJSON", origin: .modern, maxBodyBytes: 64) { context in
            let payload = try await context.decodeJSON(Payload.self)
            try await context.json(["Got": payload?.Name ?? "<empty>"])
        }
        let harness = try await APIHarness.start(extraRoutes: [echo])
        defer { Task { await harness.stop() } }
        let ok = try await harness.request("POST", "/test/json", headers: ["Content-Type": "application/json"], body: #"{"Name":"x"}"#)
        #expect(ok.bodyText == #"{"Got":"x"}"# + "\n")
        #expect(try await harness.request("POST", "/test/json").bodyText == #"{"Got":"<empty>"}"# + "\n")

        let wrongType = try await harness.request("POST", "/test/json", headers: ["Content-Type": "text/plain"], body: "{}")
        #expect(wrongType.status == 400)
        #expect(wrongType.bodyText.contains("unsupported Content-Type header (text/plain)"))

        let broken = try await harness.request("POST", "/test/json", headers: ["Content-Type": "application/json"], body: #"{"Name":"#)
        #expect(broken.status == 400)
        #expect(broken.bodyText.contains("invalid JSON"))

        let wrongShape = try await harness.request("POST", "/test/json", headers: ["Content-Type": "application/json"], body: #"{"Name":3}"#)
        #expect(wrongShape.status == 400)

        let huge = try await harness.request("POST", "/test/json", headers: ["Content-Type": "application/json"], body: String(repeating: " ", count: 100) + "{}")
        #expect(huge.status == 413)
        #expect(huge.header("Content-Type") == "application/json")
    }
}
