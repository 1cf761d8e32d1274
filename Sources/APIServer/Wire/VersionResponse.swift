/// `GET /version`, in the modern shape (with the legacy top-level fields the docker CLI also reads).
public struct VersionResponse: Codable, Sendable {
    public struct Platform: Codable, Sendable {
        public var Name: String
    }

    public struct Component: Codable, Sendable {
        public var Name: String
        public var Version: String
        public var Details: [String: String]
    }

    public var Platform: Platform
    public var Components: [Component]
    public var Version: String
    public var ApiVersion: String
    public var MinAPIVersion: String
    public var GitCommit: String
    public var GoVersion: String
    public var Os: String
    public var Arch: String
    public var KernelVersion: String
    public var BuildTime: String

    public init(
        platform: String, version: String, apiVersion: String, minAPIVersion: String, gitCommit: String,
        runtimeVersion: String, os: String, arch: String, kernelVersion: String, buildTime: String
    ) {
        self.Platform = .init(Name: platform)
        self.Components = [
            Component(
                Name: "Engine", Version: version,
                Details: [
                    "ApiVersion": apiVersion, "Arch": arch, "BuildTime": buildTime, "Experimental": "false",
                    "GitCommit": gitCommit, "GoVersion": runtimeVersion, "KernelVersion": kernelVersion,
                    "MinAPIVersion": minAPIVersion, "Os": os,
                ])
        ]
        self.Version = version
        self.ApiVersion = apiVersion
        self.MinAPIVersion = minAPIVersion
        self.GitCommit = gitCommit
        self.GoVersion = runtimeVersion
        self.Os = os
        self.Arch = arch
        self.KernelVersion = kernelVersion
        self.BuildTime = buildTime
    }
}
