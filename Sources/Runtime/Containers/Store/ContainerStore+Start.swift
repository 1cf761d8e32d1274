import Errdefs
import Foundation

extension ContainerStore {
    /// `POST /containers/{name}/start`: 304 when already running, 409 when paused; 500 with the driver's
    /// reason when the host cannot isolate containers (nothing ever runs unisolated). Mounts the root
    /// filesystem, starts the process and watches for its exit; event `start`.
    public func start(_ nameOrID: String) async throws {
        let id = try resolveID(nameOrID)
        let entry = containers[id]!
        switch entry.record.State.Status {
        case .paused: throw DaemonError.conflict("cannot start a paused container, try unpause instead")
        case .running, .restarting: throw DaemonError.notModified()
        case .removing, .dead:
            throw DaemonError.conflict("container is marked for removal and cannot be started")
        case .created, .exited: break
        }
        // A second start while this one awaits the mount and the launch has nothing to do either.
        if entry.starting { throw DaemonError.notModified() }
        if let reason = driver.unavailableReason() { throw DaemonError.system(reason) }
        containers[id]!.starting = true
        defer { containers[id]?.starting = false }
        let process: any ContainerProcess
        do {
            let rootfs = try await mountedRootfs(id)
            let spec = try processSpec(containers[id]!.record, rootfs: rootfs)
            process = try await driver.start(spec, bundle: layout.bundle(id).path, logPath: layout.log(id).path)
        } catch {
            failStart(id, error)
            throw error
        }
        guard containers[id] != nil else {
            try? process.signal(SIGKILL)
            throw DaemonError.conflict("container \(id) was removed while starting")
        }
        containers[id]!.run += 1
        containers[id]!.process = process
        containers[id]!.stopping = false
        update(id) {
            $0.State.Status = .running
            $0.State.Pid = process.pid
            $0.State.StartedAt = process.startedAt
            $0.State.ExitCode = 0
            $0.State.Error = ""
        }
        publish("start", containers[id]!.record)
        let pending = containers[id]!.pendingAttaches
        containers[id]!.pendingAttaches = []
        for attach in pending where !attach.isClosed {
            do {
                // The client attached before the start: it must also get what the process wrote before
                // this attach could be made.
                await attach.connect(try await process.attach(stdin: attach.wantsStdin, includingOutputSinceStart: true))
            } catch {
                logger.debug("attach client gets the log: the process cannot be attached to", metadata: ["container": "\(id)", "error": "\(error)"])
                let usage = self.usage
                attach.replay(ContainerLogReader().entries(
                    path: layout.log(id).path, since: process.startedAt, until: nil, tail: nil, follow: true,
                    isRunning: { usage.isRunning(id) }))
            }
        }
        monitor(id, process: process, run: containers[id]!.run)
    }

    /// The root filesystem, mounted on first use and kept mounted until the container is removed.
    func mountedRootfs(_ id: String) async throws -> RootfsMount {
        if let mount = containers[id]?.record.Rootfs { return mount }
        let layers = try await images.layerDirectories(of: containers[id]!.record.Image).map(\.path)
        let (driver, upper, work, target) = (driver, layout.upper(id).path, layout.work(id).path, layout.rootfs(id).path)
        let mount = try await BlockingWork.run {
            try driver.mountRootfs(layers: layers, upper: upper, work: work, target: target)
        }
        update(id) { $0.Rootfs = mount }
        return mount
    }

    /// Everything the driver needs, resolved (Docker's environment: `PATH`, `HOSTNAME`, `TERM` with a TTY,
    /// overridden by the container's own variables).
    func processSpec(_ record: ContainerRecord, rootfs: RootfsMount) throws -> ProcessSpec {
        let config = record.Config
        let hostname = config.Hostname ?? String(record.ID.prefix(12))
        var env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=\(hostname)"]
        if config.Tty == true { env.append("TERM=xterm") }
        for variable in config.Env ?? [] {
            let name = ContainerConfigMerge.variableName(variable)
            if let index = env.firstIndex(where: { ContainerConfigMerge.variableName($0) == name }) {
                env[index] = variable
            } else {
                env.append(variable)
            }
        }
        let workingDir = config.WorkingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return ProcessSpec(
            containerID: record.ID, rootfs: rootfs.path, args: [record.Path] + record.Args, env: env,
            workingDir: workingDir, user: config.User ?? "", hostname: hostname, tty: config.Tty ?? false,
            openStdin: config.OpenStdin ?? false, stdinOnce: config.StdinOnce ?? false,
            networkDisabled: record.HostConfig.NetworkMode == "none",
            binds: try (record.HostConfig.Binds ?? []).map(Self.bindMount))
    }

    /// A start failed: the container stays as it was (created or exited), with the reason in `State.Error`
    /// and Docker's exit code (127: the command cannot be run; 128 otherwise); `--rm` ones are removed.
    private func failStart(_ id: String, _ error: any Error) {
        guard let entry = containers[id] else { return }
        let code: Int32 = error.errorKind == .invalidParameter ? 127 : 128
        update(id) {
            $0.State.Error = "\(error)"
            $0.State.ExitCode = code
        }
        for attach in entry.pendingAttaches { attach.abandon() }
        containers[id]!.pendingAttaches = []
        if entry.record.HostConfig.AutoRemove == true {
            Task { await self.autoRemove(id, exitCode: code) }
        }
    }
}
