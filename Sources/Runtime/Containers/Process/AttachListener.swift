import CContainer
import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The unix stream sockets of the attach protocol.
enum AttachListener {
    /// Listens on `name` in the working directory (replacing a stale socket); non-blocking, close-on-exec.
    static func listen(name: String) throws -> Int32 {
        unlink(name)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw SupervisorStartFailure(badConfig: false, message: "socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress(name)
        // Created 0600 from the start: nobody else may connect, not even briefly.
        let mask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(mask)
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw SupervisorStartFailure(badConfig: false, message: "cannot listen on \(name): \(message)")
        }
        return fd
    }

    /// Connects (blocking, close-on-exec) to the attach socket of the bundle at `bundle`. The path goes
    /// through `/proc/self/fd/<bundle fd>/`: a bundle's own path may be longer than a socket path can be.
    static func connect(bundle: String) throws -> Int32 {
        let directory = cc_open_directory_path(bundle)
        guard directory >= 0 else { throw DaemonError.conflict("container is not running: \(bundle) is gone") }
        defer { close(directory) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DaemonError.system("socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress("/proc/self/fd/\(directory)/\(SupervisorBundle.attachSocketName)")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw DaemonError.conflict("container is not running (its supervisor's attach socket: \(String(cString: strerror(code))))")
        }
        return fd
    }

    private static func socketAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw DaemonError.system("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }
}
