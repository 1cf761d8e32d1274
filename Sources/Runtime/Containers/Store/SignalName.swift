import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Signals as users name them: `SIGKILL`, `KILL`, `kill` or `9` (dockerd's `signal.ParseSignal`).
public enum SignalName {
    /// The Linux signal numbers by name (without `SIG`).
    static let numbers: [String: Int32] = [
        "ABRT": SIGABRT, "ALRM": SIGALRM, "BUS": SIGBUS, "CHLD": SIGCHLD, "CONT": SIGCONT, "FPE": SIGFPE,
        "HUP": SIGHUP, "ILL": SIGILL, "INT": SIGINT, "IO": SIGIO, "IOT": SIGIOT, "KILL": SIGKILL, "PIPE": SIGPIPE,
        "POLL": SIGPOLL, "PROF": SIGPROF, "PWR": SIGPWR, "QUIT": SIGQUIT, "SEGV": SIGSEGV, "STKFLT": SIGSTKFLT,
        "STOP": SIGSTOP, "SYS": SIGSYS, "TERM": SIGTERM, "TRAP": SIGTRAP, "TSTP": SIGTSTP, "TTIN": SIGTTIN,
        "TTOU": SIGTTOU, "URG": SIGURG, "USR1": SIGUSR1, "USR2": SIGUSR2, "VTALRM": SIGVTALRM,
        "WINCH": SIGWINCH, "XCPU": SIGXCPU, "XFSZ": SIGXFSZ,
    ]

    /// The signal number; throws 400 `Invalid signal: X` for anything else.
    public static func parse(_ text: String) throws -> Int32 {
        if let number = Int32(text) {
            guard number > 0, number <= 64 else { throw DaemonError.invalidParameter("Invalid signal: \(text)") }
            return number
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if name.hasPrefix("RTMIN+"), let offset = Int32(name.dropFirst(6)), offset >= 0, 34 + offset <= 64 {
            return 34 + offset
        }
        guard let number = numbers[name] else { throw DaemonError.invalidParameter("Invalid signal: \(text)") }
        return number
    }
}
