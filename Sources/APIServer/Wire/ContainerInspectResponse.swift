/// `GET /containers/{name}/json`, with Docker's field names (API 1.41 and later).
public struct ContainerInspectResponse: Sendable, Equatable, Codable {
    /// `Id`: 64 hex digits.
    public var id: String
    /// `Created`: RFC 3339 with nanoseconds.
    public var created: String
    /// `Path`: the program run (the first of entrypoint + command).
    public var path: String
    /// `Args`: the rest of entrypoint + command.
    public var args: [String]
    /// `State`.
    public var state: ContainerState
    /// `Image`: the image ID (`sha256:…`).
    public var image: String
    /// `ResolvConfPath`.
    public var resolvConfPath: String
    /// `HostnamePath`.
    public var hostnamePath: String
    /// `HostsPath`.
    public var hostsPath: String
    /// `LogPath`: the json-file log.
    public var logPath: String
    /// `Name`: `/name`.
    public var name: String
    /// `RestartCount`.
    public var restartCount: Int
    /// `Driver`: `overlay2`, or `vfs` for the copy fallback.
    public var driver: String
    /// `Platform`: `linux`.
    public var platform: String
    /// `MountLabel`.
    public var mountLabel: String
    /// `ProcessLabel`.
    public var processLabel: String
    /// `AppArmorProfile`.
    public var appArmorProfile: String
    /// `HostConfig`.
    public var hostConfig: ContainerHostConfig
    /// `GraphDriver`.
    public var graphDriver: GraphDriver
    /// `SizeRw`: only with `size=1`.
    public var sizeRw: Int64?
    /// `SizeRootFs`: only with `size=1`.
    public var sizeRootFs: Int64?
    /// `Mounts`.
    public var mounts: [ContainerMountPoint]
    /// `Config`: the container's config with the image's defaults applied.
    public var config: ContainerConfig
    /// `NetworkSettings`.
    public var networkSettings: ContainerNetworkSettings

    /// An inspect answer.
    public init(
        id: String, created: String, path: String, args: [String], state: ContainerState, image: String,
        resolvConfPath: String = "", hostnamePath: String = "", hostsPath: String = "", logPath: String = "",
        name: String, restartCount: Int = 0, driver: String = "overlay2", platform: String = "linux",
        mountLabel: String = "", processLabel: String = "", appArmorProfile: String = "",
        hostConfig: ContainerHostConfig, graphDriver: GraphDriver = GraphDriver(), sizeRw: Int64? = nil,
        sizeRootFs: Int64? = nil, mounts: [ContainerMountPoint] = [], config: ContainerConfig,
        networkSettings: ContainerNetworkSettings = ContainerNetworkSettings()
    ) {
        self.id = id
        self.created = created
        self.path = path
        self.args = args
        self.state = state
        self.image = image
        self.resolvConfPath = resolvConfPath
        self.hostnamePath = hostnamePath
        self.hostsPath = hostsPath
        self.logPath = logPath
        self.name = name
        self.restartCount = restartCount
        self.driver = driver
        self.platform = platform
        self.mountLabel = mountLabel
        self.processLabel = processLabel
        self.appArmorProfile = appArmorProfile
        self.hostConfig = hostConfig
        self.graphDriver = graphDriver
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
        self.mounts = mounts
        self.config = config
        self.networkSettings = networkSettings
    }

    /// `GraphDriver`: `{"Name": "overlay2", "Data": {"LowerDir": …, "UpperDir": …, "MergedDir": …}}`.
    public struct GraphDriver: Sendable, Equatable, Codable {
        /// `Name`.
        public var name: String
        /// `Data`.
        public var data: [String: String]

        /// A graph driver description.
        public init(name: String = "overlay2", data: [String: String] = [:]) {
            self.name = name
            self.data = data
        }

        private enum CodingKeys: String, CodingKey {
            case name = "Name", data = "Data"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", created = "Created", path = "Path", args = "Args", state = "State", image = "Image"
        case resolvConfPath = "ResolvConfPath", hostnamePath = "HostnamePath", hostsPath = "HostsPath"
        case logPath = "LogPath", name = "Name", restartCount = "RestartCount", driver = "Driver"
        case platform = "Platform", mountLabel = "MountLabel", processLabel = "ProcessLabel"
        case appArmorProfile = "AppArmorProfile", hostConfig = "HostConfig", graphDriver = "GraphDriver"
        case sizeRw = "SizeRw", sizeRootFs = "SizeRootFs", mounts = "Mounts", config = "Config"
        case networkSettings = "NetworkSettings"
    }
}

/// `State` of an inspected container.
public struct ContainerState: Sendable, Equatable, Codable {
    /// `Status`: `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
    public var status: String
    /// `Running` (also true while paused, as dockerd reports it).
    public var running: Bool
    /// `Paused`.
    public var paused: Bool
    /// `Restarting`.
    public var restarting: Bool
    /// `OOMKilled`.
    public var oomKilled: Bool
    /// `Dead`.
    public var dead: Bool
    /// `Pid`: the host PID of the first process, 0 when not running.
    public var pid: Int
    /// `ExitCode`.
    public var exitCode: Int
    /// `Error`: why the last start failed, or empty.
    public var error: String
    /// `StartedAt`: RFC 3339 with nanoseconds; Go's zero time (`0001-01-01T00:00:00Z`) when never started.
    public var startedAt: String
    /// `FinishedAt`: likewise.
    public var finishedAt: String

    /// Go's zero time, as dockerd prints never-set timestamps.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// A state.
    public init(
        status: String, running: Bool = false, paused: Bool = false, restarting: Bool = false,
        oomKilled: Bool = false, dead: Bool = false, pid: Int = 0, exitCode: Int = 0, error: String = "",
        startedAt: String = ContainerState.zeroTime, finishedAt: String = ContainerState.zeroTime
    ) {
        self.status = status
        self.running = running
        self.paused = paused
        self.restarting = restarting
        self.oomKilled = oomKilled
        self.dead = dead
        self.pid = pid
        self.exitCode = exitCode
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    private enum CodingKeys: String, CodingKey {
        case status = "Status", running = "Running", paused = "Paused", restarting = "Restarting"
        case oomKilled = "OOMKilled", dead = "Dead", pid = "Pid", exitCode = "ExitCode", error = "Error"
        case startedAt = "StartedAt", finishedAt = "FinishedAt"
    }
}

/// `NetworkSettings`, minimal: daemon-tui has host and none networking only, so there are no addresses or
/// ports to report.
public struct ContainerNetworkSettings: Sendable, Equatable, Codable {
    /// `Bridge`.
    public var bridge: String
    /// `SandboxID`.
    public var sandboxID: String
    /// `SandboxKey`.
    public var sandboxKey: String
    /// `Ports`: `{}`.
    public var ports: [String: JSONValue]
    /// `IPAddress`.
    public var ipAddress: String
    /// `Gateway`.
    public var gateway: String
    /// `MacAddress`.
    public var macAddress: String
    /// `Networks`: `{"host": {…}}` or `{"none": {…}}`, kept as given.
    public var networks: [String: JSONValue]

    /// Network settings.
    public init(
        bridge: String = "", sandboxID: String = "", sandboxKey: String = "", ports: [String: JSONValue] = [:],
        ipAddress: String = "", gateway: String = "", macAddress: String = "", networks: [String: JSONValue] = [:]
    ) {
        self.bridge = bridge
        self.sandboxID = sandboxID
        self.sandboxKey = sandboxKey
        self.ports = ports
        self.ipAddress = ipAddress
        self.gateway = gateway
        self.macAddress = macAddress
        self.networks = networks
    }

    private enum CodingKeys: String, CodingKey {
        case bridge = "Bridge", sandboxID = "SandboxID", sandboxKey = "SandboxKey", ports = "Ports"
        case ipAddress = "IPAddress", gateway = "Gateway", macAddress = "MacAddress", networks = "Networks"
    }
}
