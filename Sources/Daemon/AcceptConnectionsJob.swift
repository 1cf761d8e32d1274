import Engine
import Foundation
import ServerCore

/// The `acceptconnections` job: tell systemd the daemon is ready, then open the listen buffer (the seed's
/// `close(activationLock)`), releasing every held request in arrival order.
struct AcceptConnectionsJob: Sendable {
    let listenBuffer: ListenBuffer

    func run(_ job: Job) async -> JobStatus {
        SystemdNotify.send("READY=1")
        listenBuffer.activate()
        return .ok
    }
}

/// `sd_notify`: a datagram to `$NOTIFY_SOCKET`, ignored when there is none (as Docker ignores errors).
enum SystemdNotify {
    static func send(_ state: String) {
        guard var path = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !path.isEmpty else { return }
        if path.hasPrefix("@") { path = "\0" + path.dropFirst() }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8.prefix(107))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                state.withCString { sendto(fd, $0, strlen($0), 0, sa, length) }
            }
        }
    }
}
