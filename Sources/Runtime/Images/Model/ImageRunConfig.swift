import Foundation

/// The run configuration an image carries (`config` in the image JSON, Docker's `container.Config`): the
/// defaults a container created from the image starts with. Encodes as dockerd does: fields in Go's order,
/// `omitempty` fields only when set, the others always (as `null` when absent).
public struct ImageRunConfig: Codable, Sendable, Equatable {
    public var Hostname: String?
    public var Domainname: String?
    public var User: String?
    public var AttachStdin: Bool?
    public var AttachStdout: Bool?
    public var AttachStderr: Bool?
    /// `"80/tcp": {}` entries.
    public var ExposedPorts: [String: EmptyObject]?
    public var Tty: Bool?
    public var OpenStdin: Bool?
    public var StdinOnce: Bool?
    public var Env: [String]?
    public var Cmd: [String]?
    public var Healthcheck: HealthConfig?
    public var ArgsEscaped: Bool?
    public var Image: String?
    public var Volumes: [String: EmptyObject]?
    public var WorkingDir: String?
    public var Entrypoint: [String]?
    public var NetworkDisabled: Bool?
    public var MacAddress: String?
    public var OnBuild: [String]?
    public var Labels: [String: String]?
    public var StopSignal: String?
    public var StopTimeout: Int?
    public var Shell: [String]?

    public init() {}

    /// `{}` in `ExposedPorts` and `Volumes`.
    public struct EmptyObject: Codable, Sendable, Equatable, Hashable {
        public init() {}
    }

    /// A health check (`HEALTHCHECK`); durations in nanoseconds.
    public struct HealthConfig: Codable, Sendable, Equatable {
        public var Test: [String]?
        public var Interval: Int64?
        public var Timeout: Int64?
        public var StartPeriod: Int64?
        public var StartInterval: Int64?
        public var Retries: Int?
        public init() {}
    }

    private enum CodingKeys: String, CodingKey {
        case Hostname, Domainname, User, AttachStdin, AttachStdout, AttachStderr, ExposedPorts, Tty, OpenStdin
        case StdinOnce, Env, Cmd, Healthcheck, ArgsEscaped, Image, Volumes, WorkingDir, Entrypoint
        case NetworkDisabled, MacAddress, OnBuild, Labels, StopSignal, StopTimeout, Shell
    }

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
