import Errdefs
import Foundation

/// An attach client's connection to a container.
public struct AttachedContainer: Sendable {
    /// The container's full ID.
    public var id: String
    /// With a TTY the stream is raw; without, multiplexed.
    public var tty: Bool
    /// The container's stdio.
    public var session: any AttachSession
}

extension ContainerStore {
    /// `POST /containers/{name}/attach`: connects to the container's stdio (stdin only when asked and the
    /// container has `OpenStdin`). A container that is not running yet is attached when it starts
    /// (`docker run` attaches before starting). 409 when paused; event `attach`.
    public func attach(_ nameOrID: String, stdin: Bool) async throws -> AttachedContainer {
        let id = try resolveID(nameOrID)
        let record = containers[id]!.record
        if record.State.Status == .paused {
            throw DaemonError.conflict("You cannot attach to a paused container, unpause it first")
        }
        let withStdin = stdin && record.Config.OpenStdin == true
        let session: any AttachSession
        if let process = containers[id]!.process {
            session = try await process.attach(stdin: withStdin)
        } else {
            let pending = PendingAttach(wantsStdin: withStdin)
            // Clients that attached and left before any start are forgotten here.
            containers[id]!.pendingAttaches.removeAll { $0.isClosed }
            containers[id]!.pendingAttaches.append(pending)
            session = pending
        }
        publish("attach", record)
        return AttachedContainer(id: id, tty: record.Config.Tty ?? false, session: session)
    }
}
