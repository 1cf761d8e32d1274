import Errdefs
import Foundation

/// What `wait` waits for.
public enum WaitCondition: String, Sendable {
    /// Until the container is not running (at once if it is not).
    case notRunning = "not-running"
    /// Until its next exit.
    case nextExit = "next-exit"
    /// Until it is removed.
    case removed

    /// Parses the `condition` parameter (empty: `not-running`); 400 for anything else.
    public init(parameter: String?) throws {
        guard let parameter, !parameter.isEmpty else {
            self = .notRunning
            return
        }
        guard let condition = WaitCondition(rawValue: parameter) else {
            throw DaemonError.invalidParameter("invalid condition: \"\(parameter)\"")
        }
        self = condition
    }
}

/// A registered wait: registering happens at once (so a `start` that follows cannot be missed); the exit
/// code comes later.
public struct ContainerWaiter: Sendable {
    let immediate: Int32?
    let latch: ExitLatch?

    /// The exit code, once the condition holds (-1 if the waiting task is cancelled first: its client left).
    public func exitCode() async -> Int32 {
        if let immediate { return immediate }
        return await latch!.value()
    }
}

extension ContainerStore {
    /// `POST /containers/{name}/wait`: registers the wait now (404 when there is no such container) and
    /// returns what delivers the exit code.
    public func waiter(_ nameOrID: String, condition: WaitCondition) throws -> ContainerWaiter {
        let entry = try entry(nameOrID)
        switch condition {
        case .notRunning where !entry.record.State.isRunning:
            return ContainerWaiter(immediate: entry.record.State.ExitCode, latch: nil)
        case .notRunning, .nextExit:
            return ContainerWaiter(immediate: nil, latch: entry.nextExit)
        case .removed:
            return ContainerWaiter(immediate: nil, latch: entry.removed)
        }
    }

    /// `POST /containers/{name}/wait` in one call.
    public func wait(_ nameOrID: String, condition: WaitCondition = .notRunning) async throws -> Int32 {
        await (try waiter(nameOrID, condition: condition)).exitCode()
    }
}
