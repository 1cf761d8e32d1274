import Errdefs
import Foundation
import Signals

extension ContainerStore {
    /// `POST /containers/create`: resolves the image (404 `No such image: X`), merges its defaults, checks
    /// or generates the name (400 invalid, 409 in use), writes the record; event `create`. Returns the ID.
    public func create(name: String?, config: ImageRunConfig, hostConfig: ContainerHostConfig) async throws -> String {
        guard let imageName = config.Image, !imageName.isEmpty else {
            throw DaemonError.invalidParameter("config.Image: no image specified")
        }
        // dockerd's order: the image (a 404 makes the CLI pull), the command, the host config, then the name.
        let imageID = try await images.resolve(imageName)
        let imageConfig = try await images.runConfig(of: imageID)
        var merged = ContainerConfigMerge.merge(config, image: imageConfig)
        let line = try ContainerConfigMerge.commandLine(merged)
        try Self.validate(merged)
        try Self.validate(hostConfig)
        let requestedName = try name.flatMap { $0.isEmpty ? nil : try ContainerNames.validated($0) }

        // Checked again after the awaits above: another create may have taken the name meanwhile.
        if let requestedName, let holder = names[requestedName] {
            throw DaemonError.conflict(
                "Conflict. The container name \"\(requestedName)\" is already in use by container \"\(holder)\". You have to remove (or rename) that container to be able to reuse that name.")
        }
        var id = Self.randomID()
        while containers[id] != nil { id = Self.randomID() }
        let containerName = requestedName ?? ContainerNames.generate { names[$0] != nil }
        if (merged.Hostname ?? "").isEmpty { merged.Hostname = String(id.prefix(12)) }
        merged.Image = imageName

        let record = ContainerRecord(
            ID: id, Created: Date(), Name: containerName, Path: line[0], Args: Array(line.dropFirst()),
            Config: merged, HostConfig: hostConfig, Image: imageID, State: ContainerState(), RestartCount: 0,
            Rootfs: nil)
        do {
            try layout.createContainer(id)
        } catch {
            throw DaemonError.system("cannot create the directory of container \(id): \(error)")
        }
        containers[id] = Entry(record: record)
        names[containerName] = id
        do {
            try save(id)
        } catch {
            containers[id] = nil
            names[containerName] = nil
            try? FileManager.default.removeItem(at: layout.directory(id))
            throw error
        }
        publish("create", record)
        return id
    }

    /// 64 random hex digits (as Docker's `stringid.GenerateRandomID`, which also avoids all-digit short IDs).
    static func randomID() -> String {
        while true {
            let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            if !id.prefix(12).allSatisfy(\.isNumber) { return id }
        }
    }

    /// Docker's config checks: an absolute working directory, a known stop signal.
    static func validate(_ config: ImageRunConfig) throws {
        if let workingDir = config.WorkingDir, !workingDir.isEmpty, !workingDir.hasPrefix("/") {
            throw DaemonError.invalidParameter("the working directory '\(workingDir)' is invalid, it needs to be an absolute path")
        }
        if let stopSignal = config.StopSignal, !stopSignal.isEmpty { _ = try SignalName.number(stopSignal) }
    }

    /// Docker's host-config checks for what daemon-tui supports.
    static func validate(_ hostConfig: ContainerHostConfig) throws {
        let policy = hostConfig.RestartPolicy?.Name ?? ""
        guard ["", "no", "on-failure", "always", "unless-stopped"].contains(policy) else {
            throw DaemonError.invalidParameter("invalid restart policy '\(policy)'")
        }
        if hostConfig.AutoRemove == true, !["", "no"].contains(policy) {
            throw DaemonError.invalidParameter("can't create 'AutoRemove' container with restart policy")
        }
        if let count = hostConfig.RestartPolicy?.MaximumRetryCount, count < 0 {
            throw DaemonError.invalidParameter("invalid restart policy: maximum retry count cannot be negative")
        }
        if let count = hostConfig.RestartPolicy?.MaximumRetryCount, count != 0, policy != "on-failure" {
            throw DaemonError.invalidParameter("invalid restart policy: maximum retry count can only be used with 'on-failure'")
        }
        let mode = hostConfig.NetworkMode ?? ""
        guard ["", "default", "bridge", "host", "none"].contains(mode) else {
            throw DaemonError.invalidParameter("network \(mode) not found")
        }
        for bind in hostConfig.Binds ?? [] { _ = try bindMount(bind) }
    }

    /// Parses `/host:/container[:ro|rw]`.
    static func bindMount(_ text: String) throws -> BindMount {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts[0].hasPrefix("/"), parts[1].hasPrefix("/") else {
            throw DaemonError.invalidParameter("invalid volume specification: '\(text)'")
        }
        if parts.count == 3, !["ro", "rw"].contains(parts[2]) {
            throw DaemonError.invalidParameter("invalid mode: \(parts[2])")
        }
        return BindMount(source: parts[0], target: parts[1], readOnly: parts.count == 3 && parts[2] == "ro")
    }
}
