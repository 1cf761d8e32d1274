import Testing

@testable import Engine

@Suite("Env: Docker 1.2's job environment")
struct EnvTests {
    @Test("setenv appends and getenv returns the last value")
    func lastValueWins() {
        var env = Env()
        env.set("Version", "1.0")
        env.set("Version", "1.2.0")
        #expect(env.get("Version") == "1.2.0")
        #expect(env.entries == ["Version=1.0", "Version=1.2.0"])
        #expect(env.get("Missing") == "")
        #expect(!env.exists("Missing"))
        env.set("Empty", "")
        #expect(env.exists("Empty"))
    }

    @Test("booleans follow Docker's rule", arguments: [
        ("", false), ("0", false), ("no", false), ("false", false), ("none", false), (" FALSE\t", false),
        ("NO", false), ("1", true), ("true", true), ("yes", true), ("on", true), ("foo", true),
    ])
    func bools(raw: String, expected: Bool) {
        var env = Env()
        env.set("Flag", raw)
        #expect(env.getBool("Flag") == expected)
    }

    @Test("SetenvBool stores 1 and 0")
    func setBool() {
        var env = Env()
        env.setBool("Tls", true)
        env.setBool("TlsVerify", false)
        #expect(env.get("Tls") == "1")
        #expect(env.get("TlsVerify") == "0")
    }

    @Test("integers parse base 10 and are 0 when unparsable")
    func ints() {
        var env = Env()
        env.set("A", " 42 ")
        env.set("B", "1.5")
        env.setInt("C", -7)
        #expect(env.getInt("A") == 42)
        #expect(env.getInt("B") == 0)
        #expect(env.getInt("C") == -7)
    }

    @Test("lists are JSON arrays; a non-array value is a one-element list")
    func lists() {
        var env = Env()
        env.setList("Hosts", ["unix:///a", "tcp://b:1"])
        env.set("Raw", "plain")
        #expect(env.getList("Hosts") == ["unix:///a", "tcp://b:1"])
        #expect(env.getList("Raw") == ["plain"])
        #expect(env.getList("None") == [])
    }

    @Test("pairs list each key once with its last value, in first-set order")
    func pairs() {
        var env = Env()
        env.set("Logging", "1")
        env.set("Version", "a")
        env.set("Logging", "0")
        #expect(env.pairs.map(\.key) == ["Logging", "Version"])
        #expect(env.pairs.map(\.value) == ["0", "a"])
    }
}
