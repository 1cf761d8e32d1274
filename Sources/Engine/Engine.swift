import Foundation
import Logging
import Synchronization

/// A handler runs a job and returns its status (Docker 1.2's `engine.Handler`).
public typealias JobHandler = @Sendable (Job) async -> JobStatus

/// Something that wants to know about job runs (the daemon forwards them to the dashboard's Jobs pane).
public protocol JobObserver: Sendable {
    func jobStarted(_ job: Job, env: Env) -> Int
    func jobEnvChanged(_ recordID: Int, env: Env)
    func jobFinished(_ recordID: Int, status: JobStatus, message: String)
}

/// The engine of Docker 1.2: a registry of named job handlers. `job(_:_:)` makes a job; `Job.run()` looks
/// up its handler by name.
public final class Engine: Sendable {
    /// Raised when a handler name is registered twice.
    public struct DuplicateHandler: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "Can't overwrite handler for command \(name)" }
    }

    /// The first 8 characters of a random id, used to prefix the engine's log lines.
    public let id: String
    private let logger: Logger
    private let handlers = Mutex<[String: JobHandler]>([:])
    private let shutdownFlag = Mutex(false)
    private let observer: (any JobObserver)?

    public init(logger: Logger, observer: (any JobObserver)? = nil) {
        self.id = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8))
        self.logger = logger
        self.observer = observer
        try! register("commands") { job in
            for name in job.engine.handlerNames { job.printf(name + "\n") }
            return .ok
        }
    }

    /// Registers `handler` under `name`; a name can be registered once.
    public func register(_ name: String, _ handler: @escaping JobHandler) throws {
        try handlers.withLock { table in
            if table[name] != nil { throw DuplicateHandler(name: name) }
            table[name] = handler
        }
    }

    /// The registered handler names, sorted.
    public var handlerNames: [String] { handlers.withLock { $0.keys.sorted() } }

    /// Creates a job named `name` with `args` and an empty env.
    public func job(_ name: String, _ args: [String] = []) -> Job {
        Job(engine: self, name: name, args: args)
    }

    /// Creates a job named `name` with `args` and an empty env.
    public func job(_ name: String, _ args: String...) -> Job { job(name, args) }

    /// After this, `Job.run()` fails with `engine is shutdown`.
    public func shutdown() { shutdownFlag.withLock { $0 = true } }

    public var isShutdown: Bool { shutdownFlag.withLock { $0 } }

    func handler(for name: String) -> JobHandler? { handlers.withLock { $0[name] } }

    func jobStarted(_ job: Job) {
        logger.debug("[\(id)] +job \(job)")
        job.recordID = observer?.jobStarted(job, env: job.env)
    }

    func jobEnvChanged(_ job: Job, env: Env) {
        if let recordID = job.recordID { observer?.jobEnvChanged(recordID, env: env) }
    }

    func jobFinished(_ job: Job, status: JobStatus, message: String) {
        let label = status == .ok ? "OK" : "ERR"
        logger.debug("[\(id)] -job \(job) = \(label) (\(status.rawValue))")
        if let recordID = job.recordID { observer?.jobFinished(recordID, status: status, message: message) }
    }
}
