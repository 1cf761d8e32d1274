import Errdefs
import Foundation

/// `GET /containers/{name}/json`: the record plus what the daemon derives from it.
public struct ContainerDetails: Sendable {
    /// The container as stored.
    public var record: ContainerRecord
    /// Its json-file log.
    public var logPath: String
    /// The mounted root filesystem (empty when not mounted).
    public var rootfsPath: String
    /// With `size`: the writable layer's bytes.
    public var sizeRw: Int64?
    /// With `size`: the writable layer's bytes plus the image's.
    public var sizeRootFs: Int64?

    /// A Docker timestamp (RFC 3339 with nanoseconds; Go's zero time when absent).
    public static func timestamp(_ date: Date?) -> String {
        guard let date else { return "0001-01-01T00:00:00Z" }
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let nanos = Int32(((date.timeIntervalSince1970 - seconds) * 1e9).rounded(.down))
        return GoTime(seconds: Int64(seconds), nanoseconds: max(0, min(nanos, 999_999_999))).rfc3339Nano
    }
}

extension ContainerStore {
    /// `GET /containers/{name}/json`; 404 `No such container: X`.
    public func inspect(_ nameOrID: String, size: Bool = false) async throws -> ContainerDetails {
        let record = try entry(nameOrID).record
        var details = ContainerDetails(
            record: record, logPath: layout.log(record.ID).path, rootfsPath: record.Rootfs?.path ?? "")
        if size {
            let (rw, rootfs) = try await sizes(of: record)
            details.sizeRw = rw
            details.sizeRootFs = rootfs
        }
        return details
    }

    /// Whether the container has a TTY (attach and logs are raw then, multiplexed otherwise).
    public func hasTTY(_ nameOrID: String) throws -> Bool {
        try entry(nameOrID).record.Config.Tty ?? false
    }

    /// `POST /containers/{name}/resize`: sets the pseudo-terminal's size; 409 when not running; event
    /// `resize`.
    public func resize(_ nameOrID: String, height: Int, width: Int) throws {
        let id = try resolveID(nameOrID)
        guard let process = containers[id]!.process else {
            throw DaemonError.conflict("Container \(id) is not running")
        }
        do {
            try process.resize(height: height, width: width)
        } catch {
            throw DaemonError.system("cannot resize the TTY of container \(id): \(error)")
        }
        publish("resize", containers[id]!.record, ["height": String(height), "width": String(width)])
    }
}
