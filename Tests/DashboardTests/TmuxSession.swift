import Foundation
import TestSupport

/// A private tmux server (its own `-L` socket) with one detached session running a shell command: the dashboard
/// end-to-end tests type into it with `send-keys` and read it with `capture-pane`.
final class TmuxSession: Sendable {
    /// The `-L` socket name: one tmux server per test, so tests never see each other's panes.
    let server: String
    private static let target = "dash"

    /// Starts `tmux new-session -d -x WIDTH -y HEIGHT` running `command` with `sh -c`; the command's environment
    /// adds `environment` (a UTF-8 locale by default).
    init(width: Int = 120, height: Int = 40, command: String, environment: [String: String] = [:]) async throws {
        server = "dt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let exports = ["LC_ALL": "C.UTF-8"].merging(environment) { $1 }
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        let result = try await tmux([
            "-f", "/dev/null", "new-session", "-d", "-s", Self.target, "-x", "\(width)", "-y", "\(height)",
            "env \(exports) sh -c '\(command)'",
        ])
        guard result.status == 0 else { throw TestFailure("tmux new-session failed: \(result.stderr)") }
    }

    /// The pane's text, one line per row; with `escapes`, with the SGR sequences of its colours and attributes.
    func capture(escapes: Bool = false) async throws -> String {
        try await tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", Self.target]).stdout
    }

    /// A tmux format variable of the pane, e.g. `alternate_on` or `cursor_flag`.
    func paneFlag(_ name: String) async throws -> String {
        try await tmux(["display-message", "-p", "-t", Self.target, "#{\(name)}"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Presses keys by tmux name (`a`, `Enter`, `Escape`, `C-u`, `Down`).
    func press(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", Self.target] + keys)
    }

    /// Types text literally.
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", Self.target, "-l", text])
    }

    /// Resizes the window (and so the pane: the program gets SIGWINCH).
    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", Self.target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the pane until `condition` holds on its text (every 100 ms, up to `timeout` seconds) and returns the
    /// text; throws with the last screen when it does not.
    @discardableResult
    func waitForScreen(
        _ what: String, timeout: TimeInterval = 30, _ condition: (String) -> Bool
    ) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try await capture()
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the screen did not show \(what) within \(timeout)s; it shows:\n\(screen)")
    }

    /// Waits until the pane shows `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 30) async throws -> String {
        try await waitForScreen("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Stops the tmux server and everything running in it.
    func kill() async {
        _ = try? await tmux(["kill-server"])
    }

    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> CommandResult {
        try await Command.run("tmux", ["-L", server] + arguments, environment: ["LC_ALL": "C.UTF-8"], timeout: 20)
    }
}
