import Foundation

/// The result of running an external command to completion.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the command was killed because it ran past its timeout.
    public var timedOut: Bool
}

/// Runs external programs (curl, the docker CLI, python3, tmux…) from tests, with a timeout.
public enum Command {
    /// Runs `executable` (looked up on PATH when not absolute) with `arguments` and waits for it.
    ///
    /// - Parameters:
    ///   - environment: variables added to (and overriding) this process's environment.
    ///   - input: bytes written to the command's stdin, which is then closed.
    ///   - timeout: seconds before the command is killed with SIGKILL.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        input: Data? = nil, timeout: TimeInterval = 60, workingDirectory: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        let outData = LockedData()
        let errData = LockedData()
        out.fileHandleForReading.readabilityHandler = { outData.append($0.availableData) }
        err.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
        try process.run()
        if let input { try? inPipe.fileHandleForWriting.write(contentsOf: input) }
        try? inPipe.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        outData.append(out.fileHandleForReading.readDataToEndOfFileOrEmpty())
        errData.append(err.fileHandleForReading.readDataToEndOfFileOrEmpty())
        return CommandResult(
            status: process.terminationStatus, stdout: outData.string, stderr: errData.string, timedOut: timedOut)
    }

    /// `run`, off the cooperative pool: use this from async tests.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
        input: Data? = nil, timeout: TimeInterval = 60, workingDirectory: String? = nil
    ) async throws -> CommandResult {
        try await offload {
            try run(executable, arguments, environment: environment, input: input, timeout: timeout, workingDirectory: workingDirectory)
        }
    }

    /// True when `name` is an executable on PATH.
    public static func exists(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}

private final class LockedData: @unchecked Sendable {
    // Guarded by `lock`; readability handlers run on arbitrary threads.
    private var data = Data()
    private let lock = NSLock()
    func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
    var string: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

extension FileHandle {
    fileprivate func readDataToEndOfFileOrEmpty() -> Data { (try? readToEnd()) ?? Data() }
}
