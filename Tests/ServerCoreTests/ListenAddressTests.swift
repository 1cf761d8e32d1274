import Testing

@testable import ServerCore

@Suite("ListenAddress: parsing -H values")
struct ListenAddressTests {
    @Test("tcp addresses", arguments: [
        ("tcp://127.0.0.1:2375", "127.0.0.1", 2375),
        ("tcp://:2375", "0.0.0.0", 2375),
        ("tcp://0.0.0.0:0", "0.0.0.0", 0),
        ("tcp://[::1]:2376", "::1", 2376),
        ("tcp://[::]:80", "::", 80),
        ("tcp://localhost:8080", "localhost", 8080),
    ])
    func tcp(value: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: value)
        #expect(address.kind == .tcp(host: host, port: port))
        #expect(address.proto == "tcp")
    }

    @Test("unix addresses, with the default path for an empty one")
    func unix() throws {
        #expect(try ListenAddress(parsing: "unix:///tmp/x.sock").kind == .unix(path: "/tmp/x.sock"))
        #expect(try ListenAddress(parsing: "unix://", defaultUnixPath: "/run/d.sock").kind == .unix(path: "/run/d.sock"))
    }

    @Test("fd addresses: all sockets, or one")
    func fd() throws {
        #expect(try ListenAddress(parsing: "fd://").kind == .fd(nil))
        #expect(try ListenAddress(parsing: "fd://*").kind == .fd(nil))
        #expect(try ListenAddress(parsing: "fd://3").kind == .fd(3))
    }

    @Test("invalid addresses are refused with a reason", arguments: [
        "127.0.0.1:2375", "http://x:1", "tcp://127.0.0.1", "tcp://host:port", "tcp://:70000", "tcp://::1:2375",
        "unix://relative.sock", "fd://abc", "fd://1", "tcp://[::1", "",
    ])
    func invalid(value: String) {
        #expect(throws: ListenAddress.ParseError.self) { try ListenAddress(parsing: value) }
    }

    @Test("loopback detection drives the exposure warning")
    func loopback() throws {
        #expect(try ListenAddress(parsing: "tcp://127.0.0.1:1").isLoopback)
        #expect(try ListenAddress(parsing: "tcp://[::1]:1").isLoopback)
        #expect(!(try ListenAddress(parsing: "tcp://:1").isLoopback))
        #expect(!(try ListenAddress(parsing: "tcp://10.0.0.1:1").isLoopback))
    }
}
