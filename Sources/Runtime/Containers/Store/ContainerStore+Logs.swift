import Errdefs
import Foundation

/// A container's log as `docker logs` reads it.
public struct ContainerLogStream: Sendable {
    /// With a TTY the output is raw (stdout only), without it multiplexed.
    public var tty: Bool
    /// The entries, oldest first.
    public var entries: AsyncThrowingStream<LogEntry, Error>
}

extension ContainerStore {
    /// `GET /containers/{name}/logs`: the json-file log through `ContainerLogReader`; with `follow`, until
    /// the container stops (a container that is not running gives what is there and ends).
    public func logs(_ nameOrID: String, since: Date? = nil, until: Date? = nil, tail: Int? = nil, follow: Bool = false) throws -> ContainerLogStream {
        let id = try resolveID(nameOrID)
        let record = containers[id]!.record
        let usage = self.usage
        let entries = ContainerLogReader().entries(
            path: layout.log(id).path, since: since, until: until, tail: tail, follow: follow,
            isRunning: { usage.isRunning(id) })
        return ContainerLogStream(tty: record.Config.Tty ?? false, entries: entries)
    }
}
