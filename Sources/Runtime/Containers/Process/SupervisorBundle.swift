import Errdefs
import Foundation

/// The files a supervisor and the driver share in a container's bundle directory.
///
/// The driver writes `spec.json`; the supervisor writes `start.json` once the process runs (or `error.json`
/// when it could not start it), `exit.json` when it ended, and listens on `attach.sock`.
struct SupervisorBundle: Sendable {
    /// The bundle directory (absolute).
    let path: String

    var spec: String { path + "/spec.json" }
    var start: String { path + "/start.json" }
    var error: String { path + "/error.json" }
    var exit: String { path + "/exit.json" }
    var supervisorLog: String { path + "/supervisor.log" }
    /// Relative on purpose: bundle paths can exceed a unix socket path's 108 bytes, so the supervisor binds it
    /// in its working directory (the bundle) and clients connect through `/proc/self/fd/<bundle fd>/`.
    static let attachSocketName = "attach.sock"

    /// Reads and decodes a JSON file of the bundle; nil when it is missing or unreadable.
    func read<T: Decodable>(_ type: T.Type, from file: String) -> T? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    /// Atomically writes `value` as JSON to `file`.
    func write<T: Encodable>(_ value: T, to file: String) throws {
        try AtomicFile.writeJSON(value, to: URL(fileURLWithPath: file))
    }
}

/// What the driver hands the supervisor (`spec.json`).
struct SupervisorLaunch: Codable, Sendable {
    var spec: ProcessSpec
    /// Where the json-file log goes.
    var logPath: String
}

/// What the supervisor records once the container process has been exec'd (`start.json`).
struct SupervisorStartRecord: Codable, Sendable, Equatable {
    /// The supervisor's PID and start time (clock ticks since boot, `/proc/PID/stat` field 22).
    var supervisorPID: Int32
    var supervisorStartTime: UInt64
    /// The container's first process, as seen from the host.
    var pid: Int32
    var pidStartTime: UInt64
    var startedAt: Date
    /// The container's freezer cgroup, when one could be made.
    var cgroup: CgroupFreezer?
}

/// Why the supervisor could not start the process (`error.json`).
struct SupervisorStartFailure: Codable, Sendable, Error {
    /// True for a bad command, user or working directory (400); false for a system failure (500).
    var badConfig: Bool
    var message: String

    var daemonError: DaemonError { badConfig ? .invalidParameter(message) : .system(message) }
}
