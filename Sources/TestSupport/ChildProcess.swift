import Foundation

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process` on Linux can miss the exit of a child that ends very quickly and then waits
/// forever; tests need a process helper that cannot hang, so this one does the two system calls itself.
public final class ChildProcess: @unchecked Sendable {
    // `status` is guarded by `lock`; everything else is immutable after init.
    public let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// Why a child could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` (looked up on PATH unless it contains a `/`) with `arguments`; stdin, stdout and
    /// stderr come from / go to the given files (nil: /dev/null). Signals start with their default handling.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String? = nil, stdout: String? = nil, stderr: String? = nil, workingDirectory: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_APPEND | O_CREAT, 0o644)
        // Nothing else may leak into the child: SwiftNIO accepts connections without SOCK_CLOEXEC, so a
        // long-lived child (a daemon, dockerd) would otherwise keep an in-process server's connections open
        // after the server closed them, and their clients would never see the close.
        Self.closeDescriptorsFromThree(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // posix_spawn_file_actions_addchdir_np is not visible from Swift here: let a shell change directory.
        let command = workingDirectory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] + arguments }
            ?? [executable] + arguments
        let program = command[0]
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = program.contains("/")
            ? posix_spawn(&child, program, &actions, &attributes, argv, envp)
            : posix_spawnp(&child, program, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because Swift does not
    /// see the `_np` declarations of spawn.h here.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    private static func closeDescriptorsFromThree(_ actions: inout posix_spawn_file_actions_t) {
        _ = addCloseFrom?(&actions, 3)
    }

    /// True until the child has exited (and been reaped).
    public var isRunning: Bool { exitStatus == nil }

    /// The exit code (128+N when killed by signal N), or nil while running.
    public var exitStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        let reaped = waitpid(pid, &raw, WNOHANG)
        guard reaped == pid else {
            if reaped < 0 && errno == ECHILD { status = -1 }
            return status
        }
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return status
    }

    /// How long the waits give a child to die after they kill it, before returning anyway.
    static let killGrace: TimeInterval = 5

    /// Sends a signal.
    public func signal(_ number: Int32) { if isRunning { kill(pid, number) } }

    /// Blocks this thread until the child exits or `timeout` passes (then kills it). Use from a thread of
    /// your own, never from the cooperative pool.
    public func waitBlocking(timeout: TimeInterval) -> (status: Int32, timedOut: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                // Bounded too: a killed process stays until it is thawed if a frozen cgroup holds it.
                let killDeadline = Date().addingTimeInterval(Self.killGrace)
                while isRunning && Date() < killDeadline { usleep(2_000) }
                return (exitStatus ?? -1, true)
            }
            usleep(2_000)
        }
        return (exitStatus ?? -1, false)
    }

    /// Waits without blocking a thread; kills the child after `timeout`.
    public func wait(timeout: TimeInterval) async -> (status: Int32, timedOut: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                let killDeadline = Date().addingTimeInterval(Self.killGrace)
                while isRunning && Date() < killDeadline { try? await Task.sleep(for: .milliseconds(5)) }
                return (exitStatus ?? -1, true)
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return (exitStatus ?? -1, false)
    }
}
