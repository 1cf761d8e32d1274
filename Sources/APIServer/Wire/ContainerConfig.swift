/// A container's `Config` as Docker's API spells it (`container.Config`): in the create body (at the top level),
/// in `POST /commit`'s optional body, and in inspect. Decoding is lenient: every field may be missing or
/// `null`, unknown fields are ignored, and `Cmd`, `Entrypoint` and `Shell` may be a string or a list (as
/// dockerd's `strslice` accepts).
public struct ContainerConfig: Sendable, Equatable, Codable {
    /// `Hostname`.
    public var hostname: String?
    /// `Domainname`.
    public var domainname: String?
    /// `User`: `uid`, `uid:gid`, `name` or `name:group`.
    public var user: String?
    /// `AttachStdin`.
    public var attachStdin: Bool?
    /// `AttachStdout`.
    public var attachStdout: Bool?
    /// `AttachStderr`.
    public var attachStderr: Bool?
    /// `ExposedPorts`: `{"80/tcp": {}}`, kept as given.
    public var exposedPorts: [String: JSONValue]?
    /// `Tty`.
    public var tty: Bool?
    /// `OpenStdin`.
    public var openStdin: Bool?
    /// `StdinOnce`.
    public var stdinOnce: Bool?
    /// `Env`: `KEY=value` pairs.
    public var env: [String]?
    /// `Cmd`.
    public var cmd: [String]?
    /// `Healthcheck`, kept as given.
    public var healthcheck: JSONValue?
    /// `ArgsEscaped` (Windows only; kept for round trips).
    public var argsEscaped: Bool?
    /// `Image`: the name the user gave.
    public var image: String?
    /// `Volumes`: `{"/data": {}}`, kept as given.
    public var volumes: [String: JSONValue]?
    /// `WorkingDir`.
    public var workingDir: String?
    /// `Entrypoint`.
    public var entrypoint: [String]?
    /// `NetworkDisabled`.
    public var networkDisabled: Bool?
    /// `MacAddress`.
    public var macAddress: String?
    /// `OnBuild`.
    public var onBuild: [String]?
    /// `Labels`.
    public var labels: [String: String]?
    /// `StopSignal`: a name (`SIGTERM`, `TERM`) or a number.
    public var stopSignal: String?
    /// `StopTimeout`: seconds.
    public var stopTimeout: Int?
    /// `Shell`.
    public var shell: [String]?

    /// A config; every field defaults to absent.
    public init(
        hostname: String? = nil, domainname: String? = nil, user: String? = nil, attachStdin: Bool? = nil,
        attachStdout: Bool? = nil, attachStderr: Bool? = nil, exposedPorts: [String: JSONValue]? = nil,
        tty: Bool? = nil, openStdin: Bool? = nil, stdinOnce: Bool? = nil, env: [String]? = nil,
        cmd: [String]? = nil, healthcheck: JSONValue? = nil, argsEscaped: Bool? = nil, image: String? = nil,
        volumes: [String: JSONValue]? = nil, workingDir: String? = nil, entrypoint: [String]? = nil,
        networkDisabled: Bool? = nil, macAddress: String? = nil, onBuild: [String]? = nil,
        labels: [String: String]? = nil, stopSignal: String? = nil, stopTimeout: Int? = nil, shell: [String]? = nil
    ) {
        self.hostname = hostname
        self.domainname = domainname
        self.user = user
        self.attachStdin = attachStdin
        self.attachStdout = attachStdout
        self.attachStderr = attachStderr
        self.exposedPorts = exposedPorts
        self.tty = tty
        self.openStdin = openStdin
        self.stdinOnce = stdinOnce
        self.env = env
        self.cmd = cmd
        self.healthcheck = healthcheck
        self.argsEscaped = argsEscaped
        self.image = image
        self.volumes = volumes
        self.workingDir = workingDir
        self.entrypoint = entrypoint
        self.networkDisabled = networkDisabled
        self.macAddress = macAddress
        self.onBuild = onBuild
        self.labels = labels
        self.stopSignal = stopSignal
        self.stopTimeout = stopTimeout
        self.shell = shell
    }

    enum CodingKeys: String, CodingKey {
        case hostname = "Hostname", domainname = "Domainname", user = "User", attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout", attachStderr = "AttachStderr", exposedPorts = "ExposedPorts"
        case tty = "Tty", openStdin = "OpenStdin", stdinOnce = "StdinOnce", env = "Env", cmd = "Cmd"
        case healthcheck = "Healthcheck", argsEscaped = "ArgsEscaped", image = "Image", volumes = "Volumes"
        case workingDir = "WorkingDir", entrypoint = "Entrypoint", networkDisabled = "NetworkDisabled"
        case macAddress = "MacAddress", onBuild = "OnBuild", labels = "Labels", stopSignal = "StopSignal"
        case stopTimeout = "StopTimeout", shell = "Shell"
    }

    /// Decodes leniently (see the type's comment).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        domainname = try c.decodeIfPresent(String.self, forKey: .domainname)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        attachStdin = try c.decodeIfPresent(Bool.self, forKey: .attachStdin)
        attachStdout = try c.decodeIfPresent(Bool.self, forKey: .attachStdout)
        attachStderr = try c.decodeIfPresent(Bool.self, forKey: .attachStderr)
        exposedPorts = try c.decodeIfPresent([String: JSONValue].self, forKey: .exposedPorts)
        tty = try c.decodeIfPresent(Bool.self, forKey: .tty)
        openStdin = try c.decodeIfPresent(Bool.self, forKey: .openStdin)
        stdinOnce = try c.decodeIfPresent(Bool.self, forKey: .stdinOnce)
        env = try c.decodeIfPresent([String].self, forKey: .env)
        cmd = try c.decodeStringOrList(forKey: .cmd)
        healthcheck = try c.decodeIfPresent(JSONValue.self, forKey: .healthcheck)
        argsEscaped = try c.decodeIfPresent(Bool.self, forKey: .argsEscaped)
        image = try c.decodeIfPresent(String.self, forKey: .image)
        volumes = try c.decodeIfPresent([String: JSONValue].self, forKey: .volumes)
        workingDir = try c.decodeIfPresent(String.self, forKey: .workingDir)
        entrypoint = try c.decodeStringOrList(forKey: .entrypoint)
        networkDisabled = try c.decodeIfPresent(Bool.self, forKey: .networkDisabled)
        macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress)
        onBuild = try c.decodeIfPresent([String].self, forKey: .onBuild)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
        stopSignal = try c.decodeIfPresent(String.self, forKey: .stopSignal)
        stopTimeout = try c.decodeIfPresent(Int.self, forKey: .stopTimeout)
        shell = try c.decodeStringOrList(forKey: .shell)
    }
}

extension KeyedDecodingContainer {
    /// A list of strings that may also be sent as one string (dockerd's `strslice.StrSlice`).
    func decodeStringOrList(forKey key: Key) throws -> [String]? {
        if let single = try? decodeIfPresent(String.self, forKey: key) { return [single] }
        return try decodeIfPresent([String].self, forKey: key)
    }
}
