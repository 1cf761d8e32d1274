import Dashboard
import Foundation
import Logging
import TestSupport
import Testing

@Suite("Formatting, JSON, templates, log file")
struct PresentationTests {
    @Test("JSON is pretty-printed in wire order and cut documents do not break it")
    func json() {
        let theme = Theme(capabilities: Render.color)
        let lines = JSONFormatter.pretty(#"{"b":1,"a":[true,null],"c":{}}"#, theme: theme)
            .map { $0.map(\.text).joined() }
        #expect(lines == ["{", "  \"b\": 1,", "  \"a\": [", "    true,", "    null", "  ],", "  \"c\": {}", "}"])
        let cut = JSONFormatter.pretty(#"{"Id":"abc","Names":["/we"#, theme: theme).map { $0.map(\.text).joined() }
        #expect(cut.first == "{")
        #expect(cut.contains { $0.contains("\"/we") })
    }

    @Test("masking keeps compact JSON otherwise intact")
    func maskCompact() {
        #expect(SecretMasker.maskJSON(#"{"username":"u","Password":"x","nested":{"auth":"y"}}"#)
            == #"{"username":"u","Password":"<masked>","nested":{"auth":"<masked>"}}"#)
        #expect(SecretMasker.maskJSON("password=x") == "password=x")
    }

    @Test("route templates expose their vars and fill them percent-encoded")
    func templates() {
        let template = RouteTemplate("/containers/{name:.*}/json")
        #expect(template.variables == ["name"])
        #expect(template.fill(["name": "my app"]) == "/containers/my%20app/json")
        #expect(template.fill([:]) == "/containers/{name}/json")
        #expect(RouteTemplate("/images/{name:.*}/push").fill(["name": "reg:5000/x"]) == "/images/reg:5000/x/push")
    }

    @Test("durations, sizes and sparklines")
    func formats() {
        #expect(Format.duration(0.0004) == "400µs")
        #expect(Format.duration(0.0123) == "12.3ms")
        #expect(Format.duration(4.2) == "4.20s")
        #expect(Format.duration(125) == "2m05s")
        #expect(Format.bytes(512) == "512")
        #expect(Format.bytes(2048) == "2.0K")
        #expect(Format.bytes(5 * 1024 * 1024) == "5.0M")
        let levels: [Character] = ["1", "2", "3", "4"]
        #expect(Sparkline.render([0, 1, 2, 4], width: 4, levels: levels) == " 124")
        #expect(Sparkline.render([4], width: 3, levels: levels) == "  4")
    }

    @Test("listener addresses: wildcards become loopback, fd listeners use their inner address")
    func addresses() {
        let wild = ListenerAddressCase.make(proto: "tcp", bound: "0.0.0.0:2375")
        #expect(wild == .tcp(host: "127.0.0.1", port: 2375))
        #expect(ListenerAddressCase.make(proto: "tcp", bound: "[::]:2375") == .tcp(host: "::1", port: 2375))
        #expect(ListenerAddressCase.make(proto: "fd", bound: "fd 3 (tcp 0.0.0.0:80)") == .tcp(host: "127.0.0.1", port: 80))
        #expect(ListenerAddressCase.make(proto: "tcp", bound: "garbage") == nil)
    }

    @Test("the file log handler writes one line per message with metadata")
    func fileLog() throws {
        let dir = try TemporaryDirectory(prefix: "dtlog")
        defer { dir.remove() }
        let file = try LogFile(path: dir.file("sub/dashboard.log"))
        var logger = Logger(label: "dashboard") { FileLogHandler(label: $0, file: file) }
        logger[metadataKey: "pane"] = "requests"
        logger.info("activated", metadata: ["held": "3"])
        logger.debug("not at info level")
        file.close()
        let text = try String(contentsOfFile: dir.file("sub/dashboard.log"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("info dashboard: activated held=3 pane=requests") == true)
        #expect(throws: LogFileError.self) { try LogFile(path: "/proc/no/such/dir/x.log") }
    }
}

import Traffic

enum ListenerAddressCase {
    static func make(proto: String, bound: String) -> ListenerAddress? {
        ListenerAddress(ListenerRecord(id: ListenerID(1), proto: proto, address: bound, boundAddress: bound, tls: .none))
    }
}
