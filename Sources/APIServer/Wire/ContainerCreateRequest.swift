/// The body of `POST /containers/create`: the `Config` fields at the top level, plus `HostConfig` and
/// `NetworkingConfig`. Decoded leniently (see `ContainerConfig`).
public struct ContainerCreateRequest: Sendable, Equatable, Decodable {
    /// The container's config (`Image`, `Cmd`, `Env`…), from the top level of the body.
    public var config: ContainerConfig
    /// `HostConfig` (empty when absent).
    public var hostConfig: ContainerHostConfig
    /// `NetworkingConfig`, kept as given (daemon-tui has host and none networking only).
    public var networkingConfig: JSONValue?

    /// A create request.
    public init(config: ContainerConfig, hostConfig: ContainerHostConfig = ContainerHostConfig(), networkingConfig: JSONValue? = nil) {
        self.config = config
        self.hostConfig = hostConfig
        self.networkingConfig = networkingConfig
    }

    private enum CodingKeys: String, CodingKey {
        case hostConfig = "HostConfig", networkingConfig = "NetworkingConfig"
    }

    /// Decodes the flat Docker layout.
    public init(from decoder: any Decoder) throws {
        config = try ContainerConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostConfig = try c.decodeIfPresent(ContainerHostConfig.self, forKey: .hostConfig) ?? ContainerHostConfig()
        networkingConfig = try c.decodeIfPresent(JSONValue.self, forKey: .networkingConfig)
    }
}

/// `201` answer of `POST /containers/create`.
public struct ContainerCreateResponse: Sendable, Equatable, Codable {
    /// `Id`: 64 hex digits.
    public var id: String
    /// `Warnings`: always a list.
    public var warnings: [String]

    /// A create answer.
    public init(id: String, warnings: [String] = []) {
        self.id = id
        self.warnings = warnings
    }

    private enum CodingKeys: String, CodingKey {
        case id = "Id", warnings = "Warnings"
    }
}
