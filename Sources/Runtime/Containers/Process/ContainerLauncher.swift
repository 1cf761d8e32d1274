import CContainer
import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A container process the supervisor started, with the descriptors it relays.
struct LaunchedContainer {
    var record: SupervisorStartRecord
    /// Where output comes from: the stdout and stderr pipes, or the pty master (as stdout).
    var outputs: [(fd: Int32, stream: OutputStream)]
    /// Where stdin goes (pipe write end or pty master), when the container has `OpenStdin`.
    var stdin: Int32?
    /// The pty master, with a TTY.
    var terminal: Int32?
    var listener: Int32
    /// The driver's connection made before the process started (registered, output from the first byte).
    var primary: Int32?
    var pidfd: Int32
    var log: JSONFileLogWriter
    var cgroup: CgroupFreezer?
    var spec: ProcessSpec
}

/// Starts the container process from inside the supervisor: resolves the user, writes the files mounted
/// on /etc, makes the stdio pipes or pty, the cgroup and the attach socket, then clones the child (C code
/// only from there to execve) and waits until it has exec'd or reported why it could not.
struct ContainerLauncher {
    let launch: SupervisorLaunch
    let bundle: SupervisorBundle

    func start() throws -> LaunchedContainer {
        let spec = launch.spec
        let user = try ContainerUser.resolve(spec.user, rootfs: spec.rootfs)
        var env = spec.env
        if !env.contains(where: { $0.hasPrefix("HOME=") }) { env.append("HOME=\(user.home)") }
        if spec.tty, !env.contains(where: { $0.hasPrefix("TERM=") }) { env.append("TERM=xterm") }
        let files = try writeEtcFiles(spec)
        try createMissingBindSources(spec.binds)
        let log = try system { try JSONFileLogWriter(path: launch.logPath) }
        var stdio = try makeStdio(spec)
        var cgroup = CgroupFreezer.forContainer(spec.containerID).flatMap { (try? $0.create()) != nil ? $0 : nil }
        let listener = try AttachListener.listen(name: SupervisorBundle.attachSocketName)
        let primary = acceptPrimary(listener)

        let sync = try makePipe()
        let errors = try makePipe()
        let path = env.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) }
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        let arena = CArena()
        var config = cc_container_config(
            rootfs: arena.string(spec.rootfs), argv: arena.strings(spec.args), envp: arena.strings(env),
            path_env: arena.string(path), workdir: arena.string(spec.workingDir.isEmpty ? "/" : spec.workingDir),
            hostname: arena.string(spec.hostname), hostname_file: arena.string(files.hostname),
            hosts_file: arena.string(files.hosts), resolv_file: files.resolv.map(arena.string),
            console_socket: stdio.console?.child ?? -1, bind_sources: arena.strings(spec.binds.map(\.source)),
            bind_targets: arena.strings(spec.binds.map(\.target)),
            bind_readonly: arena.values(spec.binds.map { Int32($0.readOnly ? 1 : 0) }), bind_count: Int32(spec.binds.count),
            uid: user.uid, gid: user.gid, groups: arena.values(user.groups), group_count: Int32(user.groups.count),
            new_network: spec.networkDisabled ? 1 : 0, tty: spec.tty ? 1 : 0,
            stdin_fd: stdio.childStdio.first ?? -1, stdout_fd: stdio.childStdio.dropFirst().first ?? -1,
            stderr_fd: stdio.childStdio.last ?? -1)
        let pid = cc_clone_container(&config, sync.read, sync.write, errors.write)
        withExtendedLifetime(arena) {}
        close(sync.read)
        close(errors.write)
        stdio.closeChildEnds()
        guard pid > 0 else {
            cgroup?.remove()
            throw SupervisorStartFailure(badConfig: false, message: "cannot create the container's namespaces: \(String(cString: strerror(-pid)))")
        }
        if let placed = cgroup, (try? placed.add(pid)) == nil {
            // Without its process the cgroup would freeze and list nothing: do without it.
            placed.remove()
            cgroup = nil
        }
        var go: UInt8 = 1
        _ = write(sync.write, &go, 1)
        close(sync.write)
        if let failure = readFailure(errors.read) {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            cgroup?.remove()
            throw failure
        }
        if let console = stdio.console {
            // The child sent its terminal's master before exec'ing.
            let master = cc_receive_console(console.supervisor, 5_000)
            close(console.supervisor)
            guard master >= 0 else {
                kill(pid, SIGKILL)
                throw SupervisorStartFailure(badConfig: false, message: "no terminal from the container: \(String(cString: strerror(-master)))")
            }
            _ = cc_set_nonblocking(master)
            stdio.outputs = [(master, .stdout)]
            stdio.stdin = spec.openStdin ? master : nil
            stdio.terminal = master
        }
        let pidfd = cc_pidfd_open(pid)
        guard pidfd >= 0 else {
            throw SupervisorStartFailure(badConfig: false, message: "pidfd_open: \(String(cString: strerror(-pidfd)))")
        }
        let record = SupervisorStartRecord(
            supervisorPID: getpid(), supervisorStartTime: ProcessStat.startTime(of: getpid()) ?? 0,
            pid: pid, pidStartTime: ProcessStat.startTime(of: pid) ?? 0, startedAt: Date(), cgroup: cgroup)
        return LaunchedContainer(
            record: record, outputs: stdio.outputs, stdin: stdio.stdin, terminal: stdio.terminal, listener: listener,
            primary: primary, pidfd: pidfd, log: log, cgroup: cgroup, spec: spec)
    }

    // MARK: - The start's own attach connection

    /// Tells the driver the socket is ready (`listening` on the status pipe) and takes its connection and hello
    /// before the process exists, so that connection sees every byte of output — `docker run` attaches before
    /// it starts, and a process as quick as `echo hi` may be gone before any later attach. Without a driver
    /// connection within a few seconds, the start goes on without it.
    private func acceptPrimary(_ listener: Int32) -> Int32? {
        _ = "listening\n".withCString { write(Supervisor.statusDescriptor, $0, strlen($0)) }
        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 10_000) == 1 else { return nil }
        let fd = cc_accept(listener)
        guard fd >= 0 else { return nil }
        // The hello is a 6-byte frame; wait for it briefly, then answer `ready`.
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64)
        var client = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while buffer.count < 6, poll(&client, 1, 5_000) == 1 {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            guard n > 0 else { break }
            buffer += chunk[0..<n]
        }
        guard case .hello = try? AttachFrame.take(from: &buffer), buffer.isEmpty,
            SupervisorAttachSession.sendAll(fd, AttachFrame.ready.encoded)
        else {
            close(fd)
            return nil
        }
        return fd
    }

    // MARK: - Files mounted on /etc

    private struct EtcFiles {
        var hostname: String
        var hosts: String
        var resolv: String?
    }

    private func writeEtcFiles(_ spec: ProcessSpec) throws -> EtcFiles {
        let hostname = bundle.path + "/hostname"
        let hosts = bundle.path + "/hosts"
        let hostsText = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            127.0.0.1\t\(spec.hostname)

            """
        try system {
            try AtomicFile.write(Data("\(spec.hostname)\n".utf8), to: URL(fileURLWithPath: hostname), mode: 0o644)
            try AtomicFile.write(Data(hostsText.utf8), to: URL(fileURLWithPath: hosts), mode: 0o644)
        }
        var resolv: String?
        if !spec.networkDisabled, let data = FileManager.default.contents(atPath: "/etc/resolv.conf") {
            resolv = bundle.path + "/resolv.conf"
            try system { try AtomicFile.write(data, to: URL(fileURLWithPath: resolv!), mode: 0o644) }
        }
        return EtcFiles(hostname: hostname, hosts: hosts, resolv: resolv)
    }

    /// `-v /host:/ctr` creates a missing host path as a directory (Docker's legacy Binds do).
    private func createMissingBindSources(_ binds: [BindMount]) throws {
        for bind in binds where !FileManager.default.fileExists(atPath: bind.source) {
            guard bind.source.hasPrefix("/") else {
                throw SupervisorStartFailure(badConfig: true, message: "invalid mount config: bind source path must be absolute: \(bind.source)")
            }
            try system { try FileManager.default.createDirectory(atPath: bind.source, withIntermediateDirectories: true) }
        }
    }

    // MARK: - stdio

    private struct Stdio {
        /// The child's 0, 1, 2 (none with a TTY: the child makes its terminal itself).
        var childStdio: [Int32]
        /// With a TTY, the socket the child sends its terminal's master on.
        var console: (supervisor: Int32, child: Int32)?
        var outputs: [(fd: Int32, stream: OutputStream)]
        var stdin: Int32?
        var terminal: Int32?

        func closeChildEnds() {
            for fd in Set(childStdio) { close(fd) }
            if let console { close(console.child) }
        }
    }

    private func makeStdio(_ spec: ProcessSpec) throws -> Stdio {
        if spec.tty {
            var fds: [Int32] = [0, 0]
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
                throw SupervisorStartFailure(badConfig: false, message: "socketpair: \(String(cString: strerror(errno)))")
            }
            return Stdio(childStdio: [], console: (fds[0], fds[1]), outputs: [], stdin: nil, terminal: nil)
        }
        let stdout = try makePipe()
        let stderr = try makePipe()
        _ = cc_set_nonblocking(stdout.read)
        _ = cc_set_nonblocking(stderr.read)
        var childStdin: Int32
        var stdin: Int32?
        if spec.openStdin {
            let pipe = try makePipe()
            _ = cc_set_nonblocking(pipe.write)
            childStdin = pipe.read
            stdin = pipe.write
        } else {
            childStdin = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard childStdin >= 0 else { throw SupervisorStartFailure(badConfig: false, message: "cannot open /dev/null") }
        }
        return Stdio(
            childStdio: [childStdin, stdout.write, stderr.write], console: nil,
            outputs: [(stdout.read, .stdout), (stderr.read, .stderr)], stdin: stdin, terminal: nil)
    }

    private func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        let result = cc_pipe(&fds)
        guard result == 0 else {
            throw SupervisorStartFailure(badConfig: false, message: "pipe: \(String(cString: strerror(-result)))")
        }
        return (fds[0], fds[1])
    }

    // MARK: - The child's report

    /// The failure the child wrote before exiting, or nil when the pipe closed empty (execve succeeded).
    private func readFailure(_ fd: Int32) -> SupervisorStartFailure? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        close(fd)
        guard bytes.count >= 5 else { return nil }
        let message = String(decoding: bytes[5...], as: UTF8.self)
        return SupervisorStartFailure(badConfig: Int32(bytes[0]) == Int32(CC_FAILURE_BAD_CONFIG.rawValue), message: message)
    }

    private func system<T>(_ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch {
            throw SupervisorStartFailure(badConfig: false, message: "\(error)")
        }
    }
}
