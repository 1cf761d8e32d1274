import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The per-container supervisor (like containerd-shim or conmon): the `daemon-tui` executable re-executed as
/// `daemon-tui __supervise <bundle>` by `SupervisorDriver`, in a session of its own, so it outlives the daemon.
///
/// It starts the container process (see `ContainerLauncher`), reports the outcome on fd 3 and in
/// `start.json` / `error.json`, relays the process's output to the json-file log and to attach clients, and
/// records the exit in `exit.json` before it exits itself.
public enum Supervisor {
    /// The hidden first argument that turns `daemon-tui` into a supervisor.
    public static let argument = "__supervise"
    /// Where the supervisor reports to the driver: `listening`, then `started` or `failed`.
    static let statusDescriptor: Int32 = 3

    /// Runs the supervisor for the bundle directory `bundle`; never returns.
    public static func main(bundle path: String) -> Never {
        // Clients vanish (EPIPE is handled where it happens); the daemon's terminal and its signals are
        // not ours: only SIGKILL ends a supervisor early.
        for sig in [SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2] { _ = signal(sig, SIG_IGN) }
        let status = statusDescriptor
        // Files made for the container (/etc/hosts…) must be readable by any user it runs as.
        umask(0o022)
        guard chdir(path) == 0 else { exit(2) }
        let bundle = SupervisorBundle(path: path)
        let launched: LaunchedContainer
        do {
            guard let launch = bundle.read(SupervisorLaunch.self, from: bundle.spec) else {
                throw SupervisorStartFailure(badConfig: false, message: "cannot read \(bundle.spec)")
            }
            launched = try ContainerLauncher(launch: launch, bundle: bundle).start()
            try bundle.write(launched.record, to: bundle.start)
        } catch {
            let failure = error as? SupervisorStartFailure
                ?? SupervisorStartFailure(badConfig: error.errorKind == .invalidParameter, message: "\(error)")
            try? bundle.write(failure, to: bundle.error)
            report("failed\n", on: status)
            exit(1)
        }
        report("started\n", on: status)
        // exit.json is written before attach clients hear the end, so a client that then asks for the
        // exit status finds it.
        SupervisorLoop(launched).run { code in
            let exitStatus = ExitStatus(code: code, finishedAt: Date())
            if (try? bundle.write(exitStatus, to: bundle.exit)) == nil {
                FileHandle.standardError.write(Data("supervisor: cannot record the exit status \(code)\n".utf8))
            }
        }
        launched.cgroup?.remove()
        exit(0)
    }

    private static func report(_ text: String, on fd: Int32) {
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }
}
