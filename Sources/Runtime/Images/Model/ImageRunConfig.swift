import Foundation

/// The run configuration an image carries (`config` in the image JSON, Docker's `container.Config`): the
/// defaults a container created from the image starts with. Encodes as dockerd does: fields in Go's order,
/// `omitempty` fields only when set, the others always (as `null` when absent).
public struct ImageRunConfig: Codable, Sendable, Equatable {
    /// `Hostname`, as in Docker's `container.Config` / `HealthConfig`.
    public var Hostname: String?
    /// `Domainname`, as in Docker's `container.Config` / `HealthConfig`.
    public var Domainname: String?
    /// `User`, as in Docker's `container.Config` / `HealthConfig`.
    public var User: String?
    /// `AttachStdin`, as in Docker's `container.Config` / `HealthConfig`.
    public var AttachStdin: Bool?
    /// `AttachStdout`, as in Docker's `container.Config` / `HealthConfig`.
    public var AttachStdout: Bool?
    /// `AttachStderr`, as in Docker's `container.Config` / `HealthConfig`.
    public var AttachStderr: Bool?
    /// `"80/tcp": {}` entries.
    public var ExposedPorts: [String: EmptyObject]?
    /// `Tty`, as in Docker's `container.Config` / `HealthConfig`.
    public var Tty: Bool?
    /// `OpenStdin`, as in Docker's `container.Config` / `HealthConfig`.
    public var OpenStdin: Bool?
    /// `StdinOnce`, as in Docker's `container.Config` / `HealthConfig`.
    public var StdinOnce: Bool?
    /// `Env`, as in Docker's `container.Config` / `HealthConfig`.
    public var Env: [String]?
    /// `Cmd`, as in Docker's `container.Config` / `HealthConfig`.
    public var Cmd: [String]?
    /// `Healthcheck`, as in Docker's `container.Config` / `HealthConfig`.
    public var Healthcheck: HealthConfig?
    /// `ArgsEscaped`, as in Docker's `container.Config` / `HealthConfig`.
    public var ArgsEscaped: Bool?
    /// `Image`, as in Docker's `container.Config` / `HealthConfig`.
    public var Image: String?
    /// `Volumes`, as in Docker's `container.Config` / `HealthConfig`.
    public var Volumes: [String: EmptyObject]?
    /// `WorkingDir`, as in Docker's `container.Config` / `HealthConfig`.
    public var WorkingDir: String?
    /// `Entrypoint`, as in Docker's `container.Config` / `HealthConfig`.
    public var Entrypoint: [String]?
    /// `NetworkDisabled`, as in Docker's `container.Config` / `HealthConfig`.
    public var NetworkDisabled: Bool?
    /// `MacAddress`, as in Docker's `container.Config` / `HealthConfig`.
    public var MacAddress: String?
    /// `OnBuild`, as in Docker's `container.Config` / `HealthConfig`.
    public var OnBuild: [String]?
    /// `Labels`, as in Docker's `container.Config` / `HealthConfig`.
    public var Labels: [String: String]?
    /// `StopSignal`, as in Docker's `container.Config` / `HealthConfig`.
    public var StopSignal: String?
    /// `StopTimeout`, as in Docker's `container.Config` / `HealthConfig`.
    public var StopTimeout: Int?
    /// `Shell`, as in Docker's `container.Config` / `HealthConfig`.
    public var Shell: [String]?

    /// An empty value (every field unset).
    public init() {}

    /// `{}` in `ExposedPorts` and `Volumes`.
    public struct EmptyObject: Codable, Sendable, Equatable, Hashable {
        /// An empty value (every field unset).
        public init() {}
    }

    /// A health check (`HEALTHCHECK`); durations in nanoseconds.
    public struct HealthConfig: Codable, Sendable, Equatable {
        /// `Test`, as in Docker's `container.Config` / `HealthConfig`.
        public var Test: [String]?
        /// `Interval`, as in Docker's `container.Config` / `HealthConfig`.
        public var Interval: Int64?
        /// `Timeout`, as in Docker's `container.Config` / `HealthConfig`.
        public var Timeout: Int64?
        /// `StartPeriod`, as in Docker's `container.Config` / `HealthConfig`.
        public var StartPeriod: Int64?
        /// `StartInterval`, as in Docker's `container.Config` / `HealthConfig`.
        public var StartInterval: Int64?
        /// `Retries`, as in Docker's `container.Config` / `HealthConfig`.
        public var Retries: Int?
        /// An empty value (every field unset).
        public init() {}
    }

    private enum CodingKeys: String, CodingKey {
        case Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin
        case StdinOnce, Env, Cmd, Healthcheck, ArgsEscaped, Image, Volumes, WorkingDir, Entrypoint
        case NetworkDisabled, MacAddress, OnBuild, Labels, StopSignal, StopTimeout, Shell
    }

    /// Encodes with dockerd's field names and emptiness rules.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Hostname ?? "", forKey: .Hostname)
        try c.encode(Domainname ?? "", forKey: .Domainname)
        try c.encode(User ?? "", forKey: .User)
        try c.encode(AttachStdin ?? false, forKey: .AttachStdin)
        try c.encode(AttachStdout ?? false, forKey: .AttachStdout)
        try c.encode(AttachStderr ?? false, forKey: .AttachStderr)
        if let ExposedPorts, !ExposedPorts.isEmpty { try c.encode(ExposedPorts, forKey: .ExposedPorts) }
        try c.encode(Tty ?? false, forKey: .Tty)
        try c.encode(OpenStdin ?? false, forKey: .OpenStdin)
        try c.encode(StdinOnce ?? false, forKey: .StdinOnce)
        try c.encode(Env, forKey: .Env)
        try c.encode(Cmd, forKey: .Cmd)
        try c.encodeIfPresent(Healthcheck, forKey: .Healthcheck)
        if ArgsEscaped == true { try c.encode(true, forKey: .ArgsEscaped) }
        try c.encode(Image ?? "", forKey: .Image)
        try c.encode(Volumes, forKey: .Volumes)
        try c.encode(WorkingDir ?? "", forKey: .WorkingDir)
        try c.encode(Entrypoint, forKey: .Entrypoint)
        if NetworkDisabled == true { try c.encode(true, forKey: .NetworkDisabled) }
        if let MacAddress, !MacAddress.isEmpty { try c.encode(MacAddress, forKey: .MacAddress) }
        try c.encode(OnBuild, forKey: .OnBuild)
        try c.encode(Labels, forKey: .Labels)
        if let StopSignal, !StopSignal.isEmpty { try c.encode(StopSignal, forKey: .StopSignal) }
        try c.encodeIfPresent(StopTimeout, forKey: .StopTimeout)
        if let Shell, !Shell.isEmpty { try c.encode(Shell, forKey: .Shell) }
    }

    /// The same document as `GoJSON`, for configs whose bytes are hashed into an image ID.
    var goJSON: GoJSON {
        var pairs: [(String, GoJSON)] = [
            ("Hostname", .string(Hostname ?? "")), ("Domainname", .string(Domainname ?? "")),
            ("User", .string(User ?? "")), ("AttachStdin", .bool(AttachStdin ?? false)),
            ("AttachStdout", .bool(AttachStdout ?? false)), ("AttachStderr", .bool(AttachStderr ?? false)),
        ]
        if let ExposedPorts, !ExposedPorts.isEmpty {
            pairs.append(("ExposedPorts", .sortedObject(ExposedPorts.mapValues { _ in .object([]) })))
        }
        pairs += [
            ("Tty", .bool(Tty ?? false)), ("OpenStdin", .bool(OpenStdin ?? false)),
            ("StdinOnce", .bool(StdinOnce ?? false)), ("Env", .strings(Env)), ("Cmd", .strings(Cmd)),
        ]
        if let Healthcheck {
            var health: [(String, GoJSON)] = []
            if let test = Healthcheck.Test { health.append(("Test", .strings(test))) }
            if let v = Healthcheck.Interval, v != 0 { health.append(("Interval", .int(v))) }
            if let v = Healthcheck.Timeout, v != 0 { health.append(("Timeout", .int(v))) }
            if let v = Healthcheck.StartPeriod, v != 0 { health.append(("StartPeriod", .int(v))) }
            if let v = Healthcheck.StartInterval, v != 0 { health.append(("StartInterval", .int(v))) }
            if let v = Healthcheck.Retries, v != 0 { health.append(("Retries", .int(Int64(v)))) }
            pairs.append(("Healthcheck", .object(health)))
        }
        if ArgsEscaped == true { pairs.append(("ArgsEscaped", .bool(true))) }
        pairs += [
            ("Image", .string(Image ?? "")),
            ("Volumes", Volumes.map { .sortedObject($0.mapValues { _ in .object([]) }) } ?? .null),
            ("WorkingDir", .string(WorkingDir ?? "")), ("Entrypoint", .strings(Entrypoint)),
        ]
        if NetworkDisabled == true { pairs.append(("NetworkDisabled", .bool(true))) }
        if let MacAddress, !MacAddress.isEmpty { pairs.append(("MacAddress", .string(MacAddress))) }
        pairs += [
            ("OnBuild", .strings(OnBuild)),
            ("Labels", Labels.map { .sortedObject($0.mapValues(GoJSON.string)) } ?? .null),
        ]
        if let StopSignal, !StopSignal.isEmpty { pairs.append(("StopSignal", .string(StopSignal))) }
        if let StopTimeout { pairs.append(("StopTimeout", .int(Int64(StopTimeout)))) }
        if let Shell, !Shell.isEmpty { pairs.append(("Shell", .strings(Shell))) }
        return .object(pairs)
    }
}
