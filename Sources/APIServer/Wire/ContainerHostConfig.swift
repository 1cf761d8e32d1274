/// A container's `HostConfig` (the parts daemon-tui stores and reports); decoded leniently: missing or `null`
/// fields are absent, unknown fields ignored (the CLI sends dozens).
public struct ContainerHostConfig: Sendable, Equatable, Codable {
    /// `Binds`: `/host:/container[:ro]`.
    public var binds: [String]?
    /// `NetworkMode`: `default`, `bridge`, `host`, `none`…
    public var networkMode: String?
    /// `RestartPolicy`.
    public var restartPolicy: RestartPolicy?
    /// `AutoRemove` (`docker run --rm`).
    public var autoRemove: Bool?
    /// `Privileged`.
    public var privileged: Bool?
    /// `PublishAllPorts`.
    public var publishAllPorts: Bool?
    /// `ReadonlyRootfs`.
    public var readonlyRootfs: Bool?
    /// `PortBindings`, kept as given.
    public var portBindings: JSONValue?
    /// `ConsoleSize`: `[height, width]` of the client's terminal.
    public var consoleSize: [Int]?
    /// `LogConfig`: `{"Type": "json-file", "Config": {}}`.
    public var logConfig: LogConfig?
    /// `Init`.
    public var initProcess: Bool?

    /// A host config; every field defaults to absent.
    public init(
        binds: [String]? = nil, networkMode: String? = nil, restartPolicy: RestartPolicy? = nil,
        autoRemove: Bool? = nil, privileged: Bool? = nil, publishAllPorts: Bool? = nil, readonlyRootfs: Bool? = nil,
        portBindings: JSONValue? = nil, consoleSize: [Int]? = nil,
        // docker-py's containers.run reads HostConfig.LogConfig.Type unconditionally; json-file is the only driver.
        logConfig: LogConfig? = LogConfig(type: "json-file", config: [:]),
        initProcess: Bool? = nil
    ) {
        self.binds = binds
        self.networkMode = networkMode
        self.restartPolicy = restartPolicy
        self.autoRemove = autoRemove
        self.privileged = privileged
        self.publishAllPorts = publishAllPorts
        self.readonlyRootfs = readonlyRootfs
        self.portBindings = portBindings
        self.consoleSize = consoleSize
        self.logConfig = logConfig
        self.initProcess = initProcess
    }

    /// `RestartPolicy`: `{"Name": "no" | "always" | "unless-stopped" | "on-failure", "MaximumRetryCount": n}`.
    public struct RestartPolicy: Sendable, Equatable, Codable {
        /// `Name` (empty means `no`).
        public var name: String?
        /// `MaximumRetryCount`.
        public var maximumRetryCount: Int?

        /// A restart policy.
        public init(name: String? = nil, maximumRetryCount: Int? = nil) {
            self.name = name
            self.maximumRetryCount = maximumRetryCount
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", maximumRetryCount = "MaximumRetryCount"
        }
    }

    /// `LogConfig`.
    public struct LogConfig: Sendable, Equatable, Codable {
        /// `Type`: the log driver (daemon-tui always writes `json-file`).
        public var type: String?
        /// `Config`: driver options.
        public var config: [String: String]?

        /// A log config.
        public init(type: String? = nil, config: [String: String]? = nil) {
            self.type = type
            self.config = config
        }

        enum CodingKeys: String, CodingKey {
            case type = "Type", config = "Config"
        }
    }

    enum CodingKeys: String, CodingKey {
        case binds = "Binds", networkMode = "NetworkMode", restartPolicy = "RestartPolicy"
        case autoRemove = "AutoRemove", privileged = "Privileged", publishAllPorts = "PublishAllPorts"
        case readonlyRootfs = "ReadonlyRootfs", portBindings = "PortBindings", consoleSize = "ConsoleSize"
        case logConfig = "LogConfig", initProcess = "Init"
    }
}
