import Foundation

/// Short, fixed-width renderings of durations, sizes and times for table cells.
public enum Format {
    /// `850µs`, `12.3ms`, `4.2s`, `3m05s`, `2h04m` (ASCII `us` when `unicode` is false).
    public static func duration(_ seconds: TimeInterval, unicode: Bool = true) -> String {
        let s = max(0, seconds)
        switch s {
        case ..<0.001: return "\(Int((s * 1_000_000).rounded()))\(unicode ? "µs" : "us")"
        case ..<0.010: return String(format: "%.2fms", s * 1000)
        case ..<1: return String(format: "%.1fms", s * 1000)
        case ..<10: return String(format: "%.2fs", s)
        case ..<60: return String(format: "%.1fs", s)
        case ..<3600: return String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
        default: return String(format: "%dh%02dm", Int(s) / 3600, (Int(s) % 3600) / 60)
        }
    }

    /// A one-decimal age such as `4.2s`, used in the holding banner.
    public static func age(_ seconds: TimeInterval) -> String {
        seconds < 60 ? String(format: "%.1fs", max(0, seconds)) : duration(seconds)
    }

    /// `0`, `512`, `1.2K`, `34K`, `5.6M`, `1.1G`.
    public static func bytes(_ n: Int) -> String {
        let units = ["K", "M", "G", "T"]
        guard n >= 1024 else { return "\(max(0, n))" }
        var value = Double(n)
        var unit = -1
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return value < 10 ? String(format: "%.1f%@", value, units[unit]) : "\(Int(value))\(units[unit])"
    }

    /// `HH:mm:ss` in the local time zone (or `timeZone`).
    public static func clock(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `HH:mm:ss.SSS` for the request timeline.
    public static func preciseClock(_ date: Date, timeZone: TimeZone = .current) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        return clock(date, timeZone: timeZone) + String(format: ".%03d", millis)
    }

    /// Cuts `text` to `width` columns, ending with `ellipsis` when something was cut.
    public static func fit(_ text: String, _ width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        guard width > ellipsis.count else { return String(text.prefix(width)) }
        return String(text.prefix(width - ellipsis.count)) + ellipsis
    }

    /// The text of a body excerpt, or a note when it is binary.
    public static func bodyText(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "" }
        let controls = bytes.prefix(512).filter { $0 < 0x09 || ($0 > 0x0d && $0 < 0x20) }.count
        guard controls == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
