import Foundation

/// The timestamps `logs?timestamps=1` prefixes: RFC 3339 in UTC with exactly nine fraction digits
/// (`2006-01-02T15:04:05.000000000Z`), as modern dockerd writes them.
enum LogTimestamp {
    static func format(_ timeNano: Int64) -> String {
        var seconds = time_t(timeNano.floorDiv(1_000_000_000))
        let nanos = timeNano - Int64(seconds) * 1_000_000_000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = String(nanos)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z"
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (times before 1970 keep a positive fraction).
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
