import Crypto
import Foundation
import Testing
@testable import Runtime

@Suite("Digests, Go JSON and Go time")
struct ImageDigestTests {
    @Test("digests parse only as sha256 with 64 lowercase hex digits")
    func parsing() {
        let hex = String(repeating: "0f", count: 32)
        #expect(Digest("sha256:\(hex)")?.hex == hex)
        #expect(Digest(hex: hex)?.description == "sha256:\(hex)")
        #expect(Digest("sha256:\(hex.uppercased())") == nil)
        #expect(Digest("sha512:\(hex)") == nil)
        #expect(Digest("sha256:\(hex.dropLast())") == nil)
        #expect(Digest("sha256:../../etc/passwd") == nil)
    }

    @Test("digest of bytes equals the sha256 of those bytes")
    func hashing() {
        let data = Data("hello".utf8)
        let expected = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        #expect(Digest.of(data).hex == expected)
        #expect(Digest.of(data).shortID == String(expected.prefix(12)))
    }

    @Test("chain IDs follow Docker's definition")
    func chainIDs() {
        let a = Digest.of(Data("a".utf8)), b = Digest.of(Data("b".utf8)), c = Digest.of(Data("c".utf8))
        #expect(Digest.chainID(of: []) == nil)
        #expect(Digest.chainID(of: [a]) == a)
        let ab = Digest.of(Data("\(a) \(b)".utf8))
        #expect(Digest.chainID(of: [a, b]) == ab)
        #expect(Digest.chainID(of: [a, b, c]) == Digest.of(Data("\(ab) \(c)".utf8)))
    }

    @Test("Go JSON escapes as encoding/json does and keeps key order")
    func goJSON() {
        let value = GoJSON.object([("b", .string("<a&b>\u{2028}\"\\\n\u{1}é")), ("a", .array([.int(-3), .bool(true), .null]))])
        let text = String(decoding: value.serialized(), as: UTF8.self)
        #expect(text == #"{"b":"\u003ca\u0026b\u003e\u2028\"\\\n\u0001é","a":[-3,true,null]}"#)
        #expect(String(decoding: GoJSON.sortedObject(["z": .int(1), "a": .int(2)]).serialized(), as: UTF8.self) == #"{"a":2,"z":1}"#)
    }

    @Test("Go time parses RFC 3339 with any fraction and offsets, and prints RFC3339Nano")
    func goTime() throws {
        let t = try #require(GoTime(rfc3339: "2023-05-18T22:34:17.074385227Z"))
        #expect(t.seconds == 1_684_449_257 && t.nanoseconds == 74_385_227)
        #expect(t.rfc3339Nano == "2023-05-18T22:34:17.074385227Z")
        #expect(GoTime(rfc3339: "2023-05-18T22:34:17.5Z")?.rfc3339Nano == "2023-05-18T22:34:17.5Z")
        #expect(GoTime(rfc3339: "2023-05-19T00:34:17+02:00")?.seconds == 1_684_449_257)
        #expect(GoTime(rfc3339: "1970-01-01T00:00:00Z")?.seconds == 0)
        #expect(GoTime(seconds: 0).rfc3339Nano == "1970-01-01T00:00:00Z")
        #expect(GoTime(rfc3339: "not a time") == nil)
        #expect(GoTime(rfc3339: "2023-13-01T00:00:00Z") == nil)
    }
}
