import APIServer
import Foundation
import Testing
import TestSupport

@Suite("GET /events")
struct EventsTests {
    func event(_ action: String, _ id: String, type: String = "container", at seconds: Int64, attributes: [String: String] = [:]) -> APIEvent {
        APIEvent(type: type, action: action, actorID: id, attributes: attributes, timeNano: seconds * 1_000_000_000)
    }

    @Test("since/until replay past events as JSON lines, filtered, then the stream ends")
    func replay() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        harness.events.publish(event("create", "c1", at: 100, attributes: ["name": "web", "image": "busybox"]))
        harness.events.publish(event("start", "c1", at: 101, attributes: ["name": "web", "image": "busybox"]))
        harness.events.publish(event("tag", "sha256:1", type: "image", at: 102, attributes: ["name": "busybox:latest"]))
        harness.events.publish(event("start", "c2", at: 200))

        let all = try await harness.request("GET", "/v1.41/events?since=100&until=150")
        #expect(all.status == 200)
        #expect(all.header("Content-Type") == "application/json")
        let lines = all.bodyText.split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(first["Type"] as? String == "container")
        #expect(first["Action"] as? String == "create")
        #expect(first["status"] as? String == "create")
        #expect(first["from"] as? String == "busybox")
        #expect(first["time"] as? Int == 100)
        #expect((first["Actor"] as? [String: Any])?["ID"] as? String == "c1")

        let filter = #"{"type":["container"],"event":["start"]}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let filtered = try await harness.request("GET", "/v1.41/events?since=100.5&until=300&filters=\(filter)")
        #expect(filtered.bodyText.split(separator: "\n").count == 2)
    }

    @Test("until before since is a 400; garbage timestamps are 400s")
    func badRange() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        #expect(try await harness.request("GET", "/events?since=200&until=100").status == 400)
        #expect(try await harness.request("GET", "/events?since=yesterday").status == 400)
    }

    @Test("without until, live events stream until the client leaves")
    func live() async throws {
        let harness = try await APIHarness.start()
        defer { Task { await harness.stop() } }
        let connection = try await RawConnection.open(unixPath: harness.socket)
        try await connection.write("GET /v1.41/events HTTP/1.1\r\nHost: d\r\n\r\n")
        try await waitUntil { harness.events.subscribers == 1 }
        harness.events.publish(event("die", "c9", at: Int64(Date().timeIntervalSince1970), attributes: ["exitCode": "3"]))
        let received = await connection.receive(timeout: 5) { String(decoding: $0, as: UTF8.self).contains("\"die\"") }
        #expect(String(decoding: received.bytes, as: UTF8.self).contains(#""exitCode":"3""#))
        _ = consume connection
        try await waitUntil { harness.events.subscribers == 0 }
    }
}
