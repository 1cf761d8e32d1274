import Foundation
import TestSupport
import Testing
@testable import Runtime

@Suite("json-file logs")
struct ContainerLogTests {
    @Test("lines are encoded as Docker's json-file encodes them")
    func encoding() {
        let time = JSONLogLine.Timestamp(seconds: 1_796_526_245, nanoseconds: 123_456_789)
        let line = JSONLogLine.encode(stream: .stderr, bytes: Array("<a&b>\t\"q\"\\\u{1}é\n".utf8), time: time)
        #expect(String(decoding: line, as: UTF8.self)
            == #"{"log":"\u003ca\u0026b\u003e\t\"q\"\\\u0001é\n","stream":"stderr","time":"2026-12-06T03:04:05.123456789Z"}"# + "\n")
        // Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong "/") and U+2028.
        let odd = JSONLogLine.encode(stream: .stdout, bytes: [0x61, 0x80, 0xE2, 0x82, 0xC0, 0xAF, 0xE2, 0x80, 0xA8, 0xF0, 0x9F, 0x98, 0x80], time: time)
        #expect(String(decoding: odd, as: UTF8.self).hasPrefix(#"{"log":"a\ufffd\ufffd\ufffd\ufffd\ufffd\u2028😀","#))
        #expect(JSONLogLine.decode(odd)?.entry.bytes == Array("a\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{2028}😀".utf8))
        let whole = JSONLogLine.Timestamp(seconds: 1_796_526_245, nanoseconds: 120_000_000)
        #expect(whole.rfc3339Nano == "2026-12-06T03:04:05.12Z")
        #expect(JSONLogLine.Timestamp(seconds: 1_796_526_245, nanoseconds: 0).rfc3339Nano == "2026-12-06T03:04:05Z")
    }

    @Test("timestamps parse back to the nanosecond, offsets included")
    func parsing() {
        #expect(JSONLogLine.Timestamp.parse("2026-12-06T03:04:05.123456789Z") == .init(seconds: 1_796_526_245, nanoseconds: 123_456_789))
        #expect(JSONLogLine.Timestamp.parse("2026-12-06T04:04:05.5+01:00") == .init(seconds: 1_796_526_245, nanoseconds: 500_000_000))
        #expect(JSONLogLine.Timestamp.parse("2026-12-05 15:04:05Z") == nil)
        #expect(JSONLogLine.decode(Array("not json".utf8)) == nil)
    }

    @Test("the writer splits at newlines and writes partial lines at once")
    func splitting() throws {
        let directory = try TemporaryDirectory(prefix: "log")
        defer { directory.remove() }
        let writer = try JSONFileLogWriter(path: directory.file("c.log"))
        writer.write(stream: .stdout, bytes: Array("one\ntwo\nthr".utf8)[...])
        writer.write(stream: .stdout, bytes: Array("ee\n".utf8)[...])
        writer.close()
        let entries = try Self.read(directory.file("c.log"))
        #expect(entries.map { String(decoding: $0.bytes, as: UTF8.self) } == ["one\n", "two\n", "thr", "ee\n"])
    }

    @Test("tail, since and until select entries as docker logs does")
    func selection() async throws {
        let directory = try TemporaryDirectory(prefix: "log")
        defer { directory.remove() }
        let path = directory.file("c.log")
        var text = ""
        for second in 0..<5 {
            let time = JSONLogLine.Timestamp(seconds: 1_796_526_240 + second, nanoseconds: 0)
            text += String(decoding: JSONLogLine.encode(stream: second % 2 == 0 ? .stdout : .stderr, bytes: Array("\(second)\n".utf8), time: time), as: UTF8.self)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        func read(since: Int? = nil, until: Int? = nil, tail: Int? = nil) async throws -> String {
            let stream = ContainerLogReader().entries(
                path: path, since: since.map { Date(timeIntervalSince1970: Double(1_796_526_240 + $0)) },
                until: until.map { Date(timeIntervalSince1970: Double(1_796_526_240 + $0)) }, tail: tail, follow: false,
                isRunning: { false })
            var out = ""
            for try await entry in stream { out += String(decoding: entry.bytes, as: UTF8.self) }
            return out
        }
        #expect(try await read() == "0\n1\n2\n3\n4\n")
        #expect(try await read(tail: 2) == "3\n4\n")
        #expect(try await read(tail: 0) == "")
        #expect(try await read(tail: -1) == "0\n1\n2\n3\n4\n")
        #expect(try await read(since: 2) == "2\n3\n4\n")
        #expect(try await read(until: 1) == "0\n1\n")
        #expect(try await read(since: 1, until: 3, tail: 3) == "2\n3\n")
        let missing = ContainerLogReader().entries(path: directory.file("none.log"), since: nil, until: nil, tail: nil, follow: false, isRunning: { false })
        var count = 0
        for try await _ in missing { count += 1 }
        #expect(count == 0)
    }

    @Test("a log larger than a read chunk: lines across chunk boundaries arrive whole, tail included")
    func largeLog() async throws {
        let directory = try TemporaryDirectory(prefix: "log")
        defer { directory.remove() }
        let path = directory.file("c.log")
        let writer = try JSONFileLogWriter(path: path)
        let lines = (0..<20_000).map { "line \($0) " + String(repeating: "x", count: $0 % 50) + "\n" }
        for batch in stride(from: 0, to: lines.count, by: 1000) {
            writer.write(stream: .stdout, bytes: Array(lines[batch..<batch + 1000].joined().utf8)[...])
        }
        writer.close()
        var all: [String] = []
        for try await entry in ContainerLogReader().entries(path: path, since: nil, until: nil, tail: nil, follow: false, isRunning: { false }) {
            all.append(String(decoding: entry.bytes, as: UTF8.self))
        }
        #expect(all == lines)
        var last: [String] = []
        for try await entry in ContainerLogReader().entries(path: path, since: nil, until: nil, tail: 3, follow: false, isRunning: { false }) {
            last.append(String(decoding: entry.bytes, as: UTF8.self))
        }
        #expect(last == Array(lines.suffix(3)))
    }

    @Test("follow delivers appended lines, then ends once the container stopped and the log is drained")
    func follow() async throws {
        let directory = try TemporaryDirectory(prefix: "log")
        defer { directory.remove() }
        let path = directory.file("c.log")
        let writer = try JSONFileLogWriter(path: path)
        writer.write(stream: .stdout, bytes: Array("first\n".utf8)[...])
        let running = Flag(true)
        let stream = ContainerLogReader().entries(path: path, since: nil, until: nil, tail: nil, follow: true, isRunning: { running.value })
        var iterator = stream.makeAsyncIterator()
        #expect(try await iterator.next()?.bytes == Array("first\n".utf8))
        writer.write(stream: .stderr, bytes: Array("second\n".utf8)[...])
        let second = try await iterator.next()
        #expect(second?.bytes == Array("second\n".utf8) && second?.stream == .stderr)
        writer.write(stream: .stdout, bytes: Array("last\n".utf8)[...])
        running.value = false
        #expect(try await iterator.next()?.bytes == Array("last\n".utf8))
        #expect(try await iterator.next() == nil)
        writer.close()
    }

    static func read(_ path: String) throws -> [LogEntry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: UInt8(ascii: "\n")).compactMap { JSONLogLine.decode($0)?.entry }
    }
}

/// A Bool shared with a `@Sendable` closure.
final class Flag: @unchecked Sendable {
    // Guarded by `lock`.
    private var stored: Bool
    private let lock = NSLock()

    init(_ value: Bool) { stored = value }

    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
