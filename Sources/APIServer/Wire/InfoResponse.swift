/// `GET /info`: the fields `docker info` prints, filled with true values for this process and machine.
public struct InfoResponse: Codable, Sendable {
    public struct Plugins: Codable, Sendable {
        public var Volume: [String] = []
        public var Network: [String] = ["host", "none"]
        public var Authorization: [String]? = nil
        public var Log: [String] = ["json-file"]
        public init() {}
    }

    public struct Swarm: Codable, Sendable {
        public var NodeID = ""
        public var NodeAddr = ""
        public var LocalNodeState = "inactive"
        public var ControlAvailable = false
        public var Error = ""
        public init() {}
    }

    public struct Commit: Codable, Sendable {
        public var ID: String
        public init(_ id: String) { ID = id }
    }

    public struct Runtime: Codable, Sendable {
        public var path: String
        public init(path: String) { self.path = path }
    }

    public struct IndexInfo: Codable, Sendable {
        public var Name: String
        public var Mirrors: [String] = []
        public var Secure: Bool
        public var Official: Bool
    }

    public struct RegistryConfig: Codable, Sendable {
        public var AllowNondistributableArtifactsCIDRs: [String] = []
        public var AllowNondistributableArtifactsHostnames: [String] = []
        public var InsecureRegistryCIDRs: [String] = ["127.0.0.0/8"]
        public var IndexConfigs: [String: IndexInfo] = [
            "docker.io": IndexInfo(Name: "docker.io", Secure: true, Official: true)
        ]
        public var Mirrors: [String] = []
        public init() {}
    }

    public var ID: String
    public var Containers: Int
    public var ContainersRunning: Int
    public var ContainersPaused: Int
    public var ContainersStopped: Int
    public var Images: Int
    public var Driver: String
    public var DriverStatus: [[String]]
    public var Plugins = Plugins()
    public var MemoryLimit = false
    public var SwapLimit = false
    public var CpuCfsPeriod = false
    public var CpuCfsQuota = false
    public var CPUShares = false
    public var CPUSet = false
    public var PidsLimit = false
    public var IPv4Forwarding: Bool
    public var BridgeNfIptables = false
    public var BridgeNfIp6tables = false
    public var Debug: Bool
    public var NFd: Int
    public var OomKillDisable = false
    public var NGoroutines: Int
    public var SystemTime: String
    public var LoggingDriver = "json-file"
    public var CgroupDriver = "cgroupfs"
    public var CgroupVersion: String
    public var NEventsListener: Int
    public var KernelVersion: String
    public var OperatingSystem: String
    public var OSVersion: String
    public var OSType = "linux"
    public var Architecture: String
    public var IndexServerAddress = "https://index.docker.io/v1/"
    public var RegistryConfig = RegistryConfig()
    public var NCPU: Int
    public var MemTotal: Int64
    public var GenericResources: [String]? = nil
    public var DockerRootDir: String
    public var HttpProxy: String
    public var HttpsProxy: String
    public var NoProxy: String
    public var Name: String
    public var Labels: [String] = []
    public var ExperimentalBuild = false
    public var ServerVersion: String
    public var Runtimes: [String: Runtime]
    public var DefaultRuntime: String
    public var Swarm = Swarm()
    public var LiveRestoreEnabled: Bool
    public var Isolation = ""
    public var InitBinary = ""
    public var ContainerdCommit = Commit("")
    public var RuncCommit = Commit("")
    public var InitCommit = Commit("")
    public var SecurityOptions: [String] = []
    public var Warnings: [String]

    public init(
        id: String, containers: Int, running: Int, paused: Int, stopped: Int, images: Int, driver: String,
        driverStatus: [[String]], ipv4Forwarding: Bool, debug: Bool, nfd: Int, threads: Int, systemTime: String,
        cgroupVersion: String, eventListeners: Int, kernelVersion: String, operatingSystem: String,
        osVersion: String, architecture: String, ncpu: Int, memTotal: Int64, rootDir: String,
        httpProxy: String, httpsProxy: String, noProxy: String, name: String, serverVersion: String,
        runtimes: [String: Runtime], defaultRuntime: String, liveRestore: Bool, warnings: [String]
    ) {
        ID = id
        Containers = containers
        ContainersRunning = running
        ContainersPaused = paused
        ContainersStopped = stopped
        Images = images
        Driver = driver
        DriverStatus = driverStatus
        IPv4Forwarding = ipv4Forwarding
        Debug = debug
        NFd = nfd
        NGoroutines = threads
        SystemTime = systemTime
        CgroupVersion = cgroupVersion
        NEventsListener = eventListeners
        KernelVersion = kernelVersion
        OperatingSystem = operatingSystem
        OSVersion = osVersion
        Architecture = architecture
        NCPU = ncpu
        MemTotal = memTotal
        DockerRootDir = rootDir
        HttpProxy = httpProxy
        HttpsProxy = httpsProxy
        NoProxy = noProxy
        Name = name
        ServerVersion = serverVersion
        Runtimes = runtimes
        DefaultRuntime = defaultRuntime
        LiveRestoreEnabled = liveRestore
        Warnings = warnings
    }
}
