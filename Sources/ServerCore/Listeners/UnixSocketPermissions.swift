import Foundation
import Logging

/// Gives a freshly bound unix socket Docker's ownership and mode: `root:<group>`, `0660`.
enum UnixSocketPermissions {
    /// The group Docker uses by default; when it does not exist that is only a warning.
    static let defaultGroup = "docker"

    struct GroupNotFound: Error, CustomStringConvertible {
        let group: String
        let path: String
        var description: String { "group \(group) not found: cannot give \(path) to it (create the group or pass another with -G/--group)" }
    }

    /// Applies owner and mode to `path`. Returns the group actually set (nil when left unchanged).
    static func apply(to path: String, group: String, logger: Logger) throws -> String? {
        var chosen: String?
        if !group.isEmpty {
            if let gid = lookupGroup(group) {
                if chown(path, 0, gid) != 0 {
                    throw POSIXError(operation: "chown", path: path)
                }
                chosen = group
            } else if group == defaultGroup {
                logger.warning("could not change group of \(path) to \(group): group \(group) not found; the socket keeps the daemon's group")
            } else {
                throw GroupNotFound(group: group, path: path)
            }
        }
        if chmod(path, 0o660) != 0 { throw POSIXError(operation: "chmod", path: path) }
        return chosen ?? currentGroupName()
    }

    /// A group's id by name or number, as Docker's ParseGroupFilter accepts both.
    static func lookupGroup(_ nameOrID: String) -> gid_t? {
        if let entry = getgrnam(nameOrID) { return entry.pointee.gr_gid }
        if let number = UInt32(nameOrID), getgrgid(number) != nil { return number }
        return nil
    }

    private static func currentGroupName() -> String? {
        guard let entry = getgrgid(getegid()) else { return nil }
        return String(cString: entry.pointee.gr_name)
    }

    struct POSIXError: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32 = errno
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }
}
