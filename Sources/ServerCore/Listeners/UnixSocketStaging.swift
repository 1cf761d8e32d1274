import Foundation

/// Binds a unix socket where nobody can reach it, and moves it into place once it has its owner and mode.
///
/// The socket is bound inside a private directory (mode 0700, made by `mkdtemp`) next to its final path; after
/// `UnixSocketPermissions` has set `root:<group>` and 0660, `rename` puts it at the final path in one step,
/// replacing a stale socket file if there is one. Docker gets the same guarantee by binding under `umask(0777)`,
/// but the umask belongs to the whole process: any file another thread created meanwhile was born with mode
/// 0000 (seen: a container root filesystem no non-root user could enter).
struct UnixSocketStaging {
    /// Where the socket ends up.
    let finalPath: String
    /// The private directory holding it until then.
    let directory: String
    /// Where to bind.
    var socketPath: String { directory + "/s" }

    /// sun_path holds 108 bytes including the terminating NUL.
    static let maxPathLength = 107

    /// Makes the private directory, or returns nil when the staged path would be too long for a socket
    /// address (the caller then binds at the final path directly).
    static func make(finalPath: String) throws -> UnixSocketStaging? {
        let parent = (finalPath as NSString).deletingLastPathComponent
        let base = parent.isEmpty ? "." : parent
        guard base.utf8.count + "/.dt-XXXXXX/s".utf8.count <= maxPathLength else { return nil }
        var template = Array("\(base)/.dt-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { throw UnixSocketPermissions.POSIXError(operation: "mkdtemp", path: base) }
        return UnixSocketStaging(finalPath: finalPath, directory: String(cString: made))
    }

    /// A file at the final path that is not a socket is left alone: `-H unix:///etc/passwd` must not replace it.
    struct NotASocket: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) exists and is not a socket" }
    }

    /// Moves the socket to its final path (replacing a stale socket) and removes the private directory. When
    /// it throws, the staged socket is still there for the caller to `discard()`.
    func publish() throws {
        var existing = stat()
        if lstat(finalPath, &existing) == 0, existing.st_mode & S_IFMT != S_IFSOCK {
            throw NotASocket(path: finalPath)
        }
        guard rename(socketPath, finalPath) == 0 else {
            throw UnixSocketPermissions.POSIXError(operation: "rename", path: finalPath)
        }
        rmdir(directory)
    }

    /// Removes the staged socket and the private directory.
    func discard() {
        unlink(socketPath)
        rmdir(directory)
    }
}
