import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Docker's json-file log format: one JSON object per line,
/// `{"log":"hi\n","stream":"stdout","time":"2026-12-06T03:04:05.123456789Z"}`, encoded as Go encodes it
/// (`<`, `>`, `&`, U+2028 and U+2029 escaped; each invalid UTF-8 byte written as `\ufffd`).
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

    /// The line (with its trailing `\n`) for `bytes` read from `stream` at the time whose `rfc3339Nano` is
    /// `time`, appended to `line` (the writer formats the time once per read, not once per line).
    static func encode(stream: OutputStream, bytes: ArraySlice<UInt8>, time: [UInt8], into line: inout [UInt8]) {
        line += #"{"log":""#.utf8
        bytes.withUnsafeBufferPointer { appendEscaped($0, to: &line) }
        line += stream == .stderr ? #"","stream":"stderr","time":""#.utf8 : #"","stream":"stdout","time":""#.utf8
        line += time
        line += "\"}\n".utf8
    }

    /// The line (with its trailing `\n`) for `bytes` read from `stream` at `time`.
    static func encode(stream: OutputStream, bytes: [UInt8], time: Timestamp) -> [UInt8] {
        var line: [UInt8] = []
        encode(stream: stream, bytes: bytes[...], time: Array(time.rfc3339Nano.utf8), into: &line)
        return line
    }

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

    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `bytes` as the inside of a JSON string, as moby's json-file encoder writes it. Works on the
    /// bytes (output is mostly ASCII, and this runs for every byte a container writes): valid UTF-8 is
    /// copied, each invalid byte becomes `\ufffd`.
    private static func appendEscaped(_ input: UnsafeBufferPointer<UInt8>, to line: inout [UInt8]) {
        line.reserveCapacity(line.count + input.count + 64)
        var index = 0
        var plain = 0  // the start of the run of bytes copied as they are
        func flushPlain(_ end: Int) {
            if plain < end { line.append(contentsOf: UnsafeBufferPointer(rebasing: input[plain..<end])) }
        }
        while index < input.count {
            let byte = input[index]
            if byte >= 0x20, byte < 0x80, byte != 34, byte != 92, byte != 60, byte != 62, byte != 38 {
                index += 1
                continue
            }
            flushPlain(index)
            if byte < 0x80 {
                switch byte {
                case UInt8(ascii: "\""): line += [92, 34]
                case UInt8(ascii: "\\"): line += [92, 92]
                case UInt8(ascii: "\n"): line += [92, UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): line += [92, UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): line += [92, UInt8(ascii: "t")]
                default: appendUnicodeEscape(UInt32(byte), to: &line)
                }
                index += 1
            } else {
                let length = validSequenceLength(input, at: index)
                if length == 0 {
                    appendUnicodeEscape(0xFFFD, to: &line)
                    index += 1
                } else if length == 3, input[index] == 0xE2, input[index + 1] == 0x80, input[index + 2] & 0xFE == 0xA8 {
                    appendUnicodeEscape(input[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &line)
                    index += 3
                } else {
                    line.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<index + length]))
                    index += length
                }
            }
            plain = index
        }
        flushPlain(index)
    }

    private static func appendUnicodeEscape(_ value: UInt32, to line: inout [UInt8]) {
        line += [92, UInt8(ascii: "u"), hex[Int(value >> 12) & 15], hex[Int(value >> 8) & 15], hex[Int(value >> 4) & 15], hex[Int(value) & 15]]
    }

    /// The length of the valid UTF-8 sequence starting at `index` (2…4), or 0 when it is not one (overlong
    /// forms, surrogates and values past U+10FFFF included).
    private static func validSequenceLength(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = input[index]
        let (length, minimum): (Int, UInt32) =
            switch lead {
            case 0xC2...0xDF: (2, 0x80)
            case 0xE0...0xEF: (3, 0x800)
            case 0xF0...0xF4: (4, 0x10000)
            default: (0, 0)
            }
        guard length > 0, index + length <= input.count else { return 0 }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let next = input[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return 0 }
        return length
    }
}
