import Foundation

/// The result of running an external command to completion.
public struct CommandResult: Sendable {
    /// The exit code (128+N when killed by signal N).
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the command was killed because it ran past its timeout.
    public var timedOut: Bool
}

/// Runs external programs (curl, the docker CLI, python3, tmux…) from tests, with a timeout.
public enum Command {
    /// Runs `executable` (looked up on PATH when not a path) with `arguments` and waits for it. Blocks the
    /// calling thread: from async code use the async overload.
    ///
    /// - Parameters:
    ///   - environment: variables added to (and overriding) this process's environment.
    ///   - input: bytes for the command's stdin.
    ///   - timeout: seconds before the command is killed with SIGKILL.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        input: Data? = nil, timeout: TimeInterval = 60, workingDirectory: String? = nil
    ) throws -> CommandResult {
        let files = try CapturedFiles(input: input)
        defer { files.remove() }
        let child = try ChildProcess(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdin: files.stdin, stdout: files.stdout, stderr: files.stderr, workingDirectory: workingDirectory)
        let (status, timedOut) = child.waitBlocking(timeout: timeout)
        return CommandResult(status: status, stdout: files.read(files.stdout), stderr: files.read(files.stderr), timedOut: timedOut)
    }

    /// `run`, without blocking a thread of the cooperative pool: use this from async tests.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        input: Data? = nil, timeout: TimeInterval = 60, workingDirectory: String? = nil
    ) async throws -> CommandResult {
        let files = try CapturedFiles(input: input)
        defer { files.remove() }
        let child = try ChildProcess(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdin: files.stdin, stdout: files.stdout, stderr: files.stderr, workingDirectory: workingDirectory)
        let (status, timedOut) = await child.wait(timeout: timeout)
        return CommandResult(status: status, stdout: files.read(files.stdout), stderr: files.read(files.stderr), timedOut: timedOut)
    }

    /// True when `name` is an executable on PATH.
    public static func exists(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}

/// Temporary files for a command's stdin, stdout and stderr.
private struct CapturedFiles {
    let stdin: String?
    let stdout: String
    let stderr: String

    init(input: Data?) throws {
        let base = NSTemporaryDirectory() + "cmd-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        stdout = base + ".out"
        stderr = base + ".err"
        if let input {
            stdin = base + ".in"
            try input.write(to: URL(fileURLWithPath: base + ".in"))
        } else {
            stdin = nil
        }
    }

    func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    func remove() {
        for path in [stdin, stdout, stderr].compactMap({ $0 }) { unlink(path) }
    }
}
