import Foundation

/// Which executable container supervisors are started from: `daemon-tui` itself (it becomes a supervisor
/// with `__supervise`). When the daemon runs inside another program (a test runner), the `daemon-tui` built
/// next to that program is used.
enum SupervisorExecutable {
    static func path() -> String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if own.lastPathComponent == "daemon-tui" { return own.path }
        var directory = own.deletingLastPathComponent()
        // A test bundle's binary lives in `<build>/x.xctest/` (or deeper on some layouts).
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("daemon-tui").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return own.path
    }
}
