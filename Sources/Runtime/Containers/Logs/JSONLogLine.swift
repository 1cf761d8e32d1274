import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Docker's json-file log format: one JSON object per line,
/// `{"log":"hi\n","stream":"stdout","time":"2026-12-06T03:04:05.123456789Z"}`, encoded as Go encodes it
/// (`<`, `>`, `&`, U+2028 and U+2029 escaped; invalid UTF-8 replaced by U+FFFD).
enum JSONLogLine {
    /// A wall-clock instant with nanoseconds (Foundation's `Date` is a Double and would lose them).
    struct Timestamp: Sendable, Equatable {
        var seconds: Int
        var nanoseconds: Int

        static func now() -> Timestamp {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return Timestamp(seconds: ts.tv_sec, nanoseconds: ts.tv_nsec)
        }

        var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9) }

        /// Go's `time.RFC3339Nano` in UTC: trailing zeros of the fraction dropped (and the dot with them).
        var rfc3339Nano: String {
            var t = time_t(seconds)
            var parts = tm()
            gmtime_r(&t, &parts)
            var text = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
            if nanoseconds > 0 {
                var fraction = String(format: "%09d", nanoseconds)
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
            return text + "Z"
        }

        /// Parses RFC 3339 with an optional fraction (up to nanoseconds) and `Z` or `±hh:mm`.
        static func parse(_ text: Substring) -> Timestamp? {
            let bytes = Array(text.utf8)
            guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                    value = value * 10 + Int(bytes[i] - 48)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
            else { return nil }
            var index = 19
            var nanos = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var digits = 0
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    if digits < 9 {
                        nanos = nanos * 10 + Int(bytes[index] - 48)
                        digits += 1
                    }
                    index += 1
                }
                for _ in digits..<9 { nanos *= 10 }
            }
            var offset = 0
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "Z") {
                index += 1
            } else {
                guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                    let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6)
                else { return nil }
                offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
                index += 6
            }
            guard index == bytes.count else { return nil }
            var parts = tm()
            parts.tm_year = Int32(year - 1900)
            parts.tm_mon = Int32(month - 1)
            parts.tm_mday = Int32(day)
            parts.tm_hour = Int32(hour)
            parts.tm_min = Int32(minute)
            parts.tm_sec = Int32(second)
            return Timestamp(seconds: Int(timegm(&parts)) - offset, nanoseconds: nanos)
        }
    }

    /// The line (with its trailing `\n`) for `bytes` read from `stream` at `time`.
    static func encode(stream: OutputStream, bytes: some Collection<UInt8>, time: Timestamp) -> [UInt8] {
        var line: [UInt8] = Array(#"{"log":""#.utf8)
        appendEscaped(String(decoding: bytes, as: UTF8.self), to: &line)
        line += Array(#"","stream":""#.utf8)
        line += Array((stream == .stderr ? "stderr" : "stdout").utf8)
        line += Array(#"","time":""#.utf8)
        line += Array(time.rfc3339Nano.utf8)
        line += Array("\"}\n".utf8)
        return line
    }

    /// The entry a line holds; nil for a line that is not a json-file entry.
    private struct Wire: Decodable {
        var log: String
        var stream: String?
        var time: String
    }

    static func decode(_ line: some Collection<UInt8>) -> (entry: LogEntry, time: Timestamp)? {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(line)),
            let time = Timestamp.parse(Substring(wire.time))
        else { return nil }
        let stream: OutputStream = wire.stream == "stderr" ? .stderr : .stdout
        return (LogEntry(stream: stream, time: time.date, bytes: Array(wire.log.utf8)), time)
    }

    private static func appendEscaped(_ text: String, to line: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += [92, 34]
            case "\\": line += [92, 92]
            case "\n": line += [92, UInt8(ascii: "n")]
            case "\r": line += [92, UInt8(ascii: "r")]
            case "\t": line += [92, UInt8(ascii: "t")]
            case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1f}":
                let value = Int(scalar.value)
                line += Array("\\u".utf8)
                line += [hex[(value >> 12) & 15], hex[(value >> 8) & 15], hex[(value >> 4) & 15], hex[value & 15]]
            default:
                line += Array(String(scalar).utf8)
            }
        }
    }
}
