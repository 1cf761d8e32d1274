import Foundation

/// One run of an engine job (`serveapi`, `acceptconnections`, …), as the dashboard's Jobs pane shows it.
public struct JobRecord: Sendable, Identifiable {
    /// What became of the job.
    public enum Status: Sendable, Equatable {
        case running
        /// Finished with status 0.
        case ok
        /// Finished with a non-zero status; the message is the job's last stderr line.
        case failed(code: Int, message: String)
    }

    public let id: Int
    public let name: String
    public let args: [String]
    /// The job's env in the order it was set (later entries win, as in Docker's engine).
    public var env: [HeaderField]
    public var status: Status
    public var started: Date
    public var ended: Date?

    public init(id: Int, name: String, args: [String], env: [HeaderField], status: Status, started: Date, ended: Date? = nil) {
        self.id = id
        self.name = name
        self.args = args
        self.env = env
        self.status = status
        self.started = started
        self.ended = ended
    }
}
