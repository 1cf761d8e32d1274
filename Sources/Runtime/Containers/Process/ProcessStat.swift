import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Facts about a host process from `/proc/PID/stat`, used to tell a process from a later one that reused its
/// PID.
enum ProcessStat {
    /// The process's start time (clock ticks since boot, field 22), or nil when there is no such process or
    /// it is a zombie (it has exited; only its parent has not reaped it).
    static func startTime(of pid: Int32) -> UInt64? {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // Field 2 (comm) is parenthesised and may contain spaces: the fields after it start after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return UInt64(fields[19])
    }

    /// True while `pid` is the same live process that had `startTime`.
    static func isAlive(_ pid: Int32, startTime: UInt64) -> Bool {
        self.startTime(of: pid) == startTime
    }
}
