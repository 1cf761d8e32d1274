import Dashboard
import Foundation
import Testing
import Traffic

@Suite("Request detail, masking and curl")
struct DetailTests {
    static let auth = "eyJ1c2VybmFtZSI6ImpvZSIsInBhc3N3b3JkIjoiaHVudGVyMiJ9"

    private func openDetail(_ store: TrafficStore, size: TerminalSize = TerminalSize(width: 120, height: 50))
        -> (DashboardModel, CellGrid)
    {
        var model = DashboardModel(size: size)
        Render.press([.enter], &model, store)
        return (model, Render.screen(store, model: model, size: size))
    }

    @Test("Enter shows request line, route and vars, timeline, headers and pretty JSON bodies")
    func detail() throws {
        let store = Fixture.store()
        Fixture.request(store, "GET", "/v1.14/containers/web/json", route: "/containers/{name:.*}/json",
                        vars: ["version": "1.14", "name": "web"], response: #"{"Id":"abc","State":{"Running":true}}"#)
        let (_, grid) = openDetail(store)
        let text = grid.screenText
        #expect(text.contains("GET /v1.14/containers/web/json HTTP/1.1"))
        #expect(text.contains("/containers/{name:.*}/json → getContainersByName"))
        #expect(text.contains("name=web version=1.14"))
        #expect(text.contains("accepted "))
        #expect(text.contains("dispatched +"))
        #expect(text.contains("first byte +"))
        #expect(text.contains("done +"))
        #expect(text.contains("Content-Type: application/json"))
        #expect(text.contains("\"Id\": \"abc\","))
        #expect(text.contains("  \"State\": {"))
        #expect(text.contains("    \"Running\": true"))
    }

    @Test("X-Registry-Auth, Authorization and JSON password/auth/identitytoken never reach the screen")
    func masking() {
        let store = Fixture.store()
        let body = #"{"username":"joe","password":"hunter2","auth":"am9lOmh1bnRlcjI=","identitytoken":"tok-123","email":"j@x"}"#
        Fixture.request(store, "POST", "/v1.14/auth", headers: [
            HeaderField("X-Registry-Auth", Self.auth), HeaderField("Authorization", "Bearer sekrit"),
        ], body: body, response: #"{"Status":"Login Succeeded"}"#)
        let (_, grid) = openDetail(store)
        let text = grid.screenText
        for secret in [Self.auth, "sekrit", "hunter2", "am9lOmh1bnRlcjI=", "tok-123"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        #expect(text.contains("X-Registry-Auth: <masked>"))
        #expect(text.contains("\"password\": \"<masked>\""))
        #expect(text.contains("\"username\": \"joe\""))
        #expect(text.contains("\"email\": \"j@x\""))
    }

    @Test("c renders the curl command for a unix listener, masked, and copies it")
    func curlUnix() {
        let store = Fixture.store()
        Fixture.request(store, "POST", "/v1.14/containers/create?name=web",
                        headers: [HeaderField("Content-Type", "application/json"), HeaderField("X-Registry-Auth", Self.auth)],
                        body: #"{"Image":"busybox","password":"p"}"#, status: 201)
        var model = DashboardModel(size: TerminalSize(width: 120, height: 50))
        let actions = Render.press([.enter, .character("c")], &model, store)
        guard case .copyToClipboard(let command)? = actions.first else {
            Issue.record("no copy action: \(actions)")
            return
        }
        #expect(command == """
            curl --unix-socket /tmp/dt-test.sock -X POST -H 'Content-Type: application/json' \
            -H 'X-Registry-Auth: <masked>' --data-binary '{"Image":"busybox","password":"<masked>"}' \
            'http://localhost/v1.14/containers/create?name=web'
            """)
        let text = Render.screen(store, model: model, size: model.size).screenText
        #expect(text.contains("curl --unix-socket /tmp/dt-test.sock"))
    }

    @Test("curl for a --tlsverify tcp listener uses https, the CA and the client certificate")
    func curlTLS() {
        let store = Fixture.store()
        Fixture.request(store, "GET", "/v1.14/version", listener: Fixture.tcp)
        var model = DashboardModel(size: TerminalSize(width: 120, height: 50))
        model.clientTLS = ClientTLSFiles.inDirectory("/home/u/.docker")
        let actions = Render.press([.character("c")], &model, store)
        #expect(actions == [.copyToClipboard(
            "curl --cacert /home/u/.docker/ca.pem --cert /home/u/.docker/cert.pem --key /home/u/.docker/key.pem https://127.0.0.1:2376/v1.14/version")])
        var plain = DashboardModel(size: model.size)
        let placeholder = Render.press([.character("c")], &plain, store)
        #expect(placeholder == [.copyToClipboard(
            #"curl --cacert "$DOCKER_CERT_PATH/ca.pem" --cert "$DOCKER_CERT_PATH/cert.pem" --key "$DOCKER_CERT_PATH/key.pem" https://127.0.0.1:2376/v1.14/version"#)])
    }

    @Test("curl for plain tcp and HEAD requests")
    func curlTCP() {
        var listener = ListenerRecord(id: ListenerID(7), proto: "tcp", address: "0.0.0.0:2375", boundAddress: "0.0.0.0:2375", tls: .none)
        var request = RequestRecord(id: RequestID(1), listener: listener.id, peer: "127.0.0.1:5", method: "HEAD",
                                    uri: "/_ping", httpVersion: "1.1", requestHeaders: [HeaderField("User-Agent", "Docker-Client")],
                                    accepted: Date())
        #expect(CurlCommand.render(request, listener: listener, tlsFiles: nil) == "curl -I http://127.0.0.1:2375/_ping")
        listener.boundAddress = "fd 3 (unix /run/dt.sock)"
        listener.proto = "fd"
        request.method = "DELETE"
        #expect(CurlCommand.render(request, listener: listener, tlsFiles: nil) == "curl --unix-socket /run/dt.sock -X DELETE http://localhost/_ping")
    }

    @Test("a live request's detail updates: its timeline waits and the bytes grow")
    func liveDetail() {
        let store = Fixture.store()
        let id = Fixture.request(store, "GET", "/v1.14/events", response: "{\"status\":\"start\"}\n", finish: false)
        var (model, grid) = openDetail(store)
        #expect(grid.screenText.contains("streaming"))
        #expect(grid.screenText.contains("done -"))
        store.responseBody(id, bytes: Array("{\"status\":\"die\"}\n".utf8))
        store.finishRequest(id)
        grid = Render.screen(store, model: model, size: model.size)
        #expect(grid.screenText.contains("done +"))
        #expect(grid.screenText.contains("\"status\": \"die\""))
        Render.press([.escape], &model, store)
        #expect(model.overlay == .none)
    }
}
