import Foundation

/// The real `daemon-tui` binary running headless, for end-to-end tests: started with arguments, its stderr
/// captured to a file, stopped with a signal.
public final class DaemonProcess: Sendable {
    public let child: ChildProcess
    public let logPath: String
    public let dataRoot: String
    private let directory: TemporaryDirectory

    /// Starts `daemon-tui --headless --data-root <tmp> ARGS`. Add `-H` addresses in `arguments`.
    public init(arguments: [String], environment: [String: String] = [:], headless: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "dtd")
        logPath = directory.file("daemon.log")
        dataRoot = directory.file("root")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        child = try ChildProcess(
            BuiltProducts.daemonTUI, (headless ? ["--headless"] : []) + ["--data-root", dataRoot] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdout: logPath, stderr: logPath)
    }

    /// The daemon's process id.
    public var pid: pid_t { child.pid }

    /// A path inside the daemon's private temporary directory (for sockets, certificates…).
    public func file(_ name: String) -> String { directory.file(name) }

    /// Everything the daemon has logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`; throws with the log when it does not appear in time or the daemon exits.
    public func waitForLog(_ text: String, timeout: TimeInterval = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return }
            if let status = child.exitStatus {
                throw Failure(message: "daemon exited (status \(status)) before logging \"\(text)\":\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(message: "daemon did not log \"\(text)\" within \(timeout)s:\n\(log)")
    }

    /// Waits until the daemon prints its `export DOCKER_HOST=` line (all listeners bound).
    public func waitUntilListening(timeout: TimeInterval = 30) async throws {
        try await waitForLog("export DOCKER_HOST=", timeout: timeout)
    }

    /// Sends `signal` and waits for the exit status (SIGKILL after `timeout`).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) async -> Int32 {
        child.signal(signal)
        return await waitForExit(timeout: timeout)
    }

    /// Waits for the process to end (killing it after `timeout`) and returns its exit status; -9 if killed.
    @discardableResult
    public func waitForExit(timeout: TimeInterval = 20) async -> Int32 {
        let (status, timedOut) = await child.wait(timeout: timeout)
        return timedOut ? -9 : status
    }

    deinit {
        // Never wait here: deinit may run on the cooperative pool.
        child.signal(SIGKILL)
        directory.remove()
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

/// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
public func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
