/// One row of `GET /containers/json` (and the seed's `/containers/ps`), with Docker's field names.
public struct ContainerSummary: Sendable, Equatable, Codable {
    /// `Id`: 64 hex digits.
    public var id: String
    /// `Names`: `["/name"]`.
    public var names: [String]
    /// `Image`: the image as the user named it (or its ID when that name is gone).
    public var image: String
    /// `ImageID`: `sha256:…`.
    public var imageID: String
    /// `Command`: entrypoint and command joined by spaces.
    public var command: String
    /// `Created`: Unix seconds.
    public var created: Int64
    /// `Ports`: none (daemon-tui publishes no ports).
    public var ports: [JSONValue]
    /// `SizeRw`: bytes in the writable layer, only with `size=1`.
    public var sizeRw: Int64?
    /// `SizeRootFs`: bytes of the whole root filesystem, only with `size=1`.
    public var sizeRootFs: Int64?
    /// `Labels`.
    public var labels: [String: String]
    /// `State`: `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
    public var state: String
    /// `Status`: human text (`Up 3 minutes`, `Exited (0) 2 seconds ago`).
    public var status: String
    /// `HostConfig.NetworkMode`.
    public var networkMode: String
    /// `Mounts`.
    public var mounts: [ContainerMountPoint]

    /// A row.
    public init(
        id: String, names: [String], image: String, imageID: String, command: String, created: Int64,
        ports: [JSONValue] = [], sizeRw: Int64? = nil, sizeRootFs: Int64? = nil, labels: [String: String] = [:],
        state: String, status: String, networkMode: String = "default", mounts: [ContainerMountPoint] = []
    ) {
        self.id = id
        self.names = names
        self.image = image
        self.imageID = imageID
        self.command = command
        self.created = created
        self.ports = ports
        self.sizeRw = sizeRw
        self.sizeRootFs = sizeRootFs
        self.labels = labels
        self.state = state
        self.status = status
        self.networkMode = networkMode
        self.mounts = mounts
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command"
        case created = "Created", ports = "Ports", sizeRw = "SizeRw", sizeRootFs = "SizeRootFs", labels = "Labels"
        case state = "State", status = "Status", hostConfig = "HostConfig", networkSettings = "NetworkSettings"
        case mounts = "Mounts"
    }

    private enum NestedKeys: String, CodingKey {
        case networkMode = "NetworkMode", networks = "Networks"
    }

    /// Decodes a row (for clients and tests).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        names = try c.decodeIfPresent([String].self, forKey: .names) ?? []
        image = try c.decodeIfPresent(String.self, forKey: .image) ?? ""
        imageID = try c.decodeIfPresent(String.self, forKey: .imageID) ?? ""
        command = try c.decodeIfPresent(String.self, forKey: .command) ?? ""
        created = try c.decodeIfPresent(Int64.self, forKey: .created) ?? 0
        ports = try c.decodeIfPresent([JSONValue].self, forKey: .ports) ?? []
        sizeRw = try c.decodeIfPresent(Int64.self, forKey: .sizeRw)
        sizeRootFs = try c.decodeIfPresent(Int64.self, forKey: .sizeRootFs)
        labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        state = try c.decodeIfPresent(String.self, forKey: .state) ?? ""
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? ""
        let host = try? c.nestedContainer(keyedBy: NestedKeys.self, forKey: .hostConfig)
        networkMode = try host?.decodeIfPresent(String.self, forKey: .networkMode) ?? ""
        mounts = try c.decodeIfPresent([ContainerMountPoint].self, forKey: .mounts) ?? []
    }

    /// Encodes with dockerd's names; the size fields only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(names, forKey: .names)
        try c.encode(image, forKey: .image)
        try c.encode(imageID, forKey: .imageID)
        try c.encode(command, forKey: .command)
        try c.encode(created, forKey: .created)
        try c.encode(ports, forKey: .ports)
        try c.encodeIfPresent(sizeRw, forKey: .sizeRw)
        try c.encodeIfPresent(sizeRootFs, forKey: .sizeRootFs)
        try c.encode(labels, forKey: .labels)
        try c.encode(state, forKey: .state)
        try c.encode(status, forKey: .status)
        var host = c.nestedContainer(keyedBy: NestedKeys.self, forKey: .hostConfig)
        try host.encode(networkMode, forKey: .networkMode)
        var network = c.nestedContainer(keyedBy: NestedKeys.self, forKey: .networkSettings)
        try network.encode([String: JSONValue](), forKey: .networks)
        try c.encode(mounts, forKey: .mounts)
    }
}

/// One entry of `Mounts` (ps and inspect): a bind mount or volume.
public struct ContainerMountPoint: Sendable, Equatable, Codable {
    /// `Type`: `bind` or `volume`.
    public var type: String
    /// `Source`: the host path.
    public var source: String
    /// `Destination`: the path inside the container.
    public var destination: String
    /// `Mode`: `ro`, `rw` or empty.
    public var mode: String
    /// `RW`.
    public var readWrite: Bool
    /// `Propagation`: `rprivate` for binds.
    public var propagation: String

    /// A mount point.
    public init(type: String = "bind", source: String, destination: String, mode: String = "", readWrite: Bool = true, propagation: String = "rprivate") {
        self.type = type
        self.source = source
        self.destination = destination
        self.mode = mode
        self.readWrite = readWrite
        self.propagation = propagation
    }

    private enum CodingKeys: String, CodingKey {
        case type = "Type", source = "Source", destination = "Destination", mode = "Mode", readWrite = "RW"
        case propagation = "Propagation"
    }
}
