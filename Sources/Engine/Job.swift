import Foundation
import Synchronization

/// The outcome of a job's handler, with Docker's numeric codes.
public enum JobStatus: Int, Sendable, Equatable {
    case ok = 0
    case err = 1
    case notFound = 127
}

/// Raised by `Job.run()` when the job ends with a non-zero status; the message is the job's last stderr line.
public struct JobError: Error, Sendable, Equatable, CustomStringConvertible {
    public let job: String
    public let status: JobStatus
    public let message: String
    public var description: String { message }
}

/// A unit of work the engine runs by name: a name, args, an env, and stdout/stderr buffers.
///
/// Create jobs with `Engine.job(_:_:)`, fill the env, then `run()` once.
public final class Job: Sendable, CustomStringConvertible {
    public let name: String
    public let args: [String]
    public unowned let engine: Engine

    private struct State {
        var env = Env()
        var stdout = ""
        var stderr = ""
        var status: JobStatus?
        var started = false
        var recordID: Int?
    }

    private let state = Mutex(State())

    init(engine: Engine, name: String, args: [String]) {
        self.engine = engine
        self.name = name
        self.args = args
    }

    // MARK: Env

    public var env: Env { state.withLock { $0.env } }
    public func setenv(_ key: String, _ value: String) { mutateEnv { $0.set(key, value) } }
    public func setenvBool(_ key: String, _ value: Bool) { mutateEnv { $0.setBool(key, value) } }
    public func setenvInt(_ key: String, _ value: Int) { mutateEnv { $0.setInt(key, value) } }
    public func setenvList(_ key: String, _ value: [String]) { mutateEnv { $0.setList(key, value) } }
    public func getenv(_ key: String) -> String { env.get(key) }
    public func getenvBool(_ key: String) -> Bool { env.getBool(key) }
    public func getenvInt(_ key: String) -> Int { env.getInt(key) }
    public func getenvList(_ key: String) -> [String] { env.getList(key) }
    public func envExists(_ key: String) -> Bool { env.exists(key) }

    private func mutateEnv(_ body: (inout Env) -> Void) {
        let env = state.withLock { s -> Env in body(&s.env); return s.env }
        engine.jobEnvChanged(self, env: env)
    }

    // MARK: Output

    /// Everything written to the job's stdout.
    public var stdout: String { state.withLock { $0.stdout } }
    /// Everything written to the job's stderr.
    public var stderr: String { state.withLock { $0.stderr } }
    /// The status once the job has run.
    public var status: JobStatus? { state.withLock { $0.status } }

    /// Writes to the job's stdout.
    public func printf(_ text: String) { state.withLock { $0.stdout += text } }

    /// Writes `message` (plus a newline) to stderr and returns `.err`, like Docker's `job.Errorf`.
    public func errorf(_ message: String) -> JobStatus {
        state.withLock { $0.stderr += message.hasSuffix("\n") ? message : message + "\n" }
        return .err
    }

    /// Writes the error's description to stderr and returns `.err`, like Docker's `job.Error`.
    public func error(_ error: any Error) -> JobStatus { errorf(String(describing: error)) }

    // MARK: Running

    /// Runs the job's handler once. Throws `JobError` carrying the last stderr line when the status is not OK.
    public func run() async throws {
        let already = state.withLock { s -> Bool in
            defer { s.started = true }
            return s.started
        }
        if already { throw JobError(job: name, status: .err, message: "\(name): job has already completed") }
        if engine.isShutdown { throw JobError(job: name, status: .err, message: "engine is shutdown") }

        engine.jobStarted(self)
        let status: JobStatus
        if let handler = engine.handler(for: name) {
            status = await handler(self)
        } else {
            _ = errorf("\(name): command not found")
            status = .notFound
        }
        state.withLock { $0.status = status }
        engine.jobFinished(self, status: status, message: lastErrorLine)
        if status != .ok {
            throw JobError(job: name, status: status, message: lastErrorLine)
        }
    }

    /// The last line of stderr, as Docker's `Tail(buf, 1)` computes it.
    public var lastErrorLine: String {
        var text = stderr
        if text.hasSuffix("\n") { text.removeLast() }
        if let newline = text.lastIndex(of: "\n") { return String(text[text.index(after: newline)...]) }
        return text
    }

    /// `name(arg1, arg2)`, as the engine logs it.
    public var description: String { "\(name)(\(args.joined(separator: ", ")))" }

    var recordID: Int? {
        get { state.withLock { $0.recordID } }
        set { state.withLock { $0.recordID = newValue } }
    }
}
