import Foundation

/// Where the container store keeps things under `<data-root>/containers`:
///
///     <id>/config.json      the `ContainerRecord`, written atomically
///     <id>/json.log         the container's output in Docker's json-file format (written by its supervisor)
///     <id>/bundle/          the process driver's state (supervisor pid, exit status, attach socket)
///     <id>/rootfs/          the merged root filesystem, while mounted
///     <id>/diff/, <id>/work/  the overlay upper and work directories (the container's changes)
///     .removing-<id>/       a container being deleted (renamed here first, so removal is all or nothing)
struct ContainerLayout: Sendable {
    let root: URL

    func directory(_ id: String) -> URL { root.appendingPathComponent(id) }
    func record(_ id: String) -> URL { directory(id).appendingPathComponent("config.json") }
    func log(_ id: String) -> URL { directory(id).appendingPathComponent("json.log") }
    func bundle(_ id: String) -> URL { directory(id).appendingPathComponent("bundle") }
    func rootfs(_ id: String) -> URL { directory(id).appendingPathComponent("rootfs") }
    func upper(_ id: String) -> URL { directory(id).appendingPathComponent("diff") }
    func work(_ id: String) -> URL { directory(id).appendingPathComponent("work") }
    /// Where a container's directory goes to be deleted; leftovers are deleted at start-up.
    func trash(_ id: String) -> URL { root.appendingPathComponent("\(Self.trashPrefix)\(id)") }

    static let trashPrefix = ".removing-"

    /// Creates the root (mode 0700: container trees may hold setuid files).
    func create() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Creates a new container's directory with its `bundle/`.
    func createContainer(_ id: String) throws {
        try FileManager.default.createDirectory(at: bundle(id), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
