import Foundation

/// The sockets systemd passed to this process (socket activation: `LISTEN_PID`, `LISTEN_FDS`, fds from 3).
public enum SystemdListenFDs {
    /// The first passed descriptor, by the protocol's definition.
    public static let first: Int32 = 3

    /// Why no socket could be taken.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The passed descriptors, or an error when there are none for this process.
    public static func descriptors(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [Int32] {
        guard let pidText = environment["LISTEN_PID"], let pid = Int32(pidText), pid == getpid() else {
            throw Failure(message: "no sockets found via socket activation: make sure the service was started by systemd (LISTEN_PID does not name this process)")
        }
        guard let countText = environment["LISTEN_FDS"], let count = Int32(countText), count > 0 else {
            throw Failure(message: "no sockets found via socket activation: make sure the service was started by systemd (LISTEN_FDS is empty)")
        }
        let fds = (0..<count).map { first + $0 }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// The descriptors an `fd://` address selects: all for `fd://`, just N for `fd://N`.
    public static func select(_ selector: Int?, from fds: [Int32]) throws -> [Int32] {
        guard let selector else { return fds }
        guard fds.contains(Int32(selector)) else {
            throw Failure(message: "too few socket activated files passed in by systemd: fd \(selector) was not passed (got \(fds.map(String.init).joined(separator: ", ")))")
        }
        return [Int32(selector)]
    }

    /// `tcp` or `unix`, with the bound address, read from the socket itself.
    public static func describe(_ fd: Int32) -> (proto: String, address: String) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return ("unknown", "fd \(fd)") }
        switch Int32(storage.ss_family) {
        case AF_UNIX:
            let path = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { un in
                    withUnsafePointer(to: un.pointee.sun_path) {
                        $0.withMemoryRebound(to: CChar.self, capacity: 108) { String(cString: $0) }
                    }
                }
            }
            return ("unix", path)
        case AF_INET:
            let (host, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin -> (String, Int) in
                    var addr = sin.pointee.sin_addr
                    var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                    inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                    return (cString(buffer), Int(UInt16(bigEndian: sin.pointee.sin_port)))
                }
            }
            return ("tcp", "\(host):\(port)")
        case AF_INET6:
            let (host, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin -> (String, Int) in
                    var addr = sin.pointee.sin6_addr
                    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                    inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                    return (cString(buffer), Int(UInt16(bigEndian: sin.pointee.sin6_port)))
                }
            }
            return ("tcp", "[\(host)]:\(port)")
        default:
            return ("unknown", "fd \(fd)")
        }
    }

    private static func cString(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
