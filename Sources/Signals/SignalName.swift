import Foundation
import Errdefs

/// Linux signal names and numbers as dockerd accepts them (`KILL`, `SIGKILL`, `9`), for `kill?signal=`,
/// `stop?signal=` and a container's `StopSignal`.
public enum SignalName {
    /// The x86-64/arm64 Linux numbering (both use the generic table for these).
    static let numbers: [String: Int32] = [
        "ABRT": 6, "ALRM": 14, "BUS": 7, "CHLD": 17, "CLD": 17, "CONT": 18, "FPE": 8, "HUP": 1, "ILL": 4,
        "INT": 2, "IO": 29, "IOT": 6, "KILL": 9, "PIPE": 13, "POLL": 29, "PROF": 27, "PWR": 30, "QUIT": 3,
        "SEGV": 11, "STKFLT": 16, "STOP": 19, "SYS": 31, "TERM": 15, "TRAP": 5, "TSTP": 20, "TTIN": 21,
        "TTOU": 22, "URG": 23, "USR1": 10, "USR2": 12, "VTALRM": 26, "WINCH": 28, "XCPU": 24, "XFSZ": 25,
    ]

    /// The number of `text`: a name with or without `SIG` (any case), `RTMIN+n`, or a number from 1 to 64.
    /// Anything else is an invalidParameter error `Invalid signal: <text>`.
    public static func number(_ text: String) throws -> Int32 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int32(trimmed) {
            guard (1...64).contains(number) else { throw invalid(text) }
            return number
        }
        var name = trimmed.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let number = numbers[name] { return number }
        if name.hasPrefix("RTMIN") {
            let rest = name.dropFirst(5)
            if rest.isEmpty { return 34 }
            if rest.first == "+", let offset = Int32(rest.dropFirst()), (0...30).contains(offset) { return 34 + offset }
        }
        if name.hasPrefix("RTMAX") {
            let rest = name.dropFirst(5)
            if rest.isEmpty { return 64 }
            if rest.first == "-", let offset = Int32(rest.dropFirst()), (0...30).contains(offset) { return 64 - offset }
        }
        throw invalid(text)
    }

    private static func invalid(_ text: String) -> DaemonError {
        DaemonError.invalidParameter("Invalid signal: \(text)")
    }
}
