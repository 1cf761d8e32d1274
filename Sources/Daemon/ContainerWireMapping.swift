import APIServer
import Foundation
import Runtime

/// Conversions between the container store's values and the API's wire types. The two config types carry
/// the same Docker JSON, so configs cross by a JSON round trip rather than field by field.
enum ContainerWireMapping {
    static func runConfig(_ config: APIServer.ContainerConfig) throws -> ImageRunConfig {
        try JSONDecoder().decode(ImageRunConfig.self, from: JSONEncoder().encode(config))
    }

    static func wireConfig(_ config: ImageRunConfig) throws -> APIServer.ContainerConfig {
        try JSONDecoder().decode(APIServer.ContainerConfig.self, from: JSONEncoder().encode(config))
    }

    static func hostSettings(_ host: APIServer.ContainerHostConfig) -> Runtime.ContainerHostConfig {
        Runtime.ContainerHostConfig(
            Binds: host.binds, NetworkMode: host.networkMode,
            RestartPolicy: host.restartPolicy.map {
                Runtime.RestartPolicy(Name: $0.name ?? "no", MaximumRetryCount: $0.maximumRetryCount ?? 0)
            },
            AutoRemove: host.autoRemove)
    }

    static func wireHostConfig(_ host: Runtime.ContainerHostConfig) -> APIServer.ContainerHostConfig {
        let policy = host.RestartPolicy ?? Runtime.RestartPolicy()
        return APIServer.ContainerHostConfig(
            binds: host.Binds, networkMode: host.NetworkMode ?? "default",
            restartPolicy: .init(name: policy.Name.isEmpty ? "no" : policy.Name, maximumRetryCount: policy.MaximumRetryCount),
            autoRemove: host.AutoRemove ?? false, privileged: false, publishAllPorts: false, readonlyRootfs: false,
            logConfig: .init(type: "json-file", config: [:]))
    }

    static func summary(_ row: Runtime.ContainerListEntry) -> APIServer.ContainerSummary {
        APIServer.ContainerSummary(
            id: row.id, names: row.names, image: row.image, imageID: row.imageID, command: row.command,
            created: row.created, sizeRw: row.sizeRw, sizeRootFs: row.sizeRootFs, labels: row.labels,
            state: row.state, status: row.status, networkMode: row.networkMode)
    }

    static func inspect(_ details: ContainerDetails) throws -> ContainerInspectResponse {
        let record = details.record
        let state = record.State
        var graphData: [String: String] = [:]
        if let mount = record.Rootfs {
            graphData["MergedDir"] = mount.path
            graphData["UpperDir"] = mount.upperDirectory
        }
        let binds = (record.HostConfig.Binds ?? []).compactMap { bind -> ContainerMountPoint? in
            let parts = bind.split(separator: ":").map(String.init)
            guard parts.count >= 2 else { return nil }
            let readOnly = parts.count > 2 && parts[2] == "ro"
            return ContainerMountPoint(source: parts[0], destination: parts[1], mode: parts.count > 2 ? parts[2] : "", readWrite: !readOnly)
        }
        return ContainerInspectResponse(
            id: record.ID, created: ContainerDetails.timestamp(record.Created), path: record.Path, args: record.Args,
            state: APIServer.ContainerState(
                status: state.Status.rawValue, running: state.isRunning, paused: state.Status == .paused,
                restarting: state.Status == .restarting, dead: state.Status == .dead, pid: Int(state.Pid),
                exitCode: Int(state.ExitCode), error: state.Error,
                startedAt: ContainerDetails.timestamp(state.StartedAt),
                finishedAt: ContainerDetails.timestamp(state.FinishedAt)),
            image: record.Image, logPath: details.logPath, name: record.Name, restartCount: record.RestartCount,
            driver: record.Rootfs?.isOverlay == false ? "vfs" : "overlay2",
            hostConfig: wireHostConfig(record.HostConfig),
            graphDriver: .init(name: record.Rootfs?.isOverlay == false ? "vfs" : "overlay2", data: graphData),
            sizeRw: details.sizeRw, sizeRootFs: details.sizeRootFs, mounts: binds, config: try wireConfig(record.Config),
            networkSettings: ContainerNetworkSettings(networks: [networkName(record.HostConfig.NetworkMode): endpoint]))
    }

    /// The network a container is attached to: `none`, or the host's (daemon-tui has no bridge; `default`
    /// and `bridge` containers share the host's network).
    static func networkName(_ mode: String?) -> String {
        mode == "none" ? "none" : "host"
    }

    /// An endpoint without addresses (none are assigned: the network is the host's, or none).
    private static let endpoint = JSONValue.object([
        "NetworkID": .string(""), "EndpointID": .string(""), "Gateway": .string(""), "IPAddress": .string(""),
        "IPPrefixLen": .integer(0), "MacAddress": .string(""),
    ])

    static func streamKind(_ stream: Runtime.OutputStream) -> ContainerStreamKind {
        switch stream {
        case .stdin: return .stdin
        case .stdout: return .stdout
        case .stderr: return .stderr
        }
    }

    static func change(_ change: Runtime.FilesystemChange) -> APIServer.FilesystemChange {
        let kind: APIServer.FilesystemChange.Kind
        switch change.kind {
        case .modified: kind = .modified
        case .added: kind = .added
        case .deleted: kind = .deleted
        }
        return APIServer.FilesystemChange(path: change.path, kind: kind)
    }
}
