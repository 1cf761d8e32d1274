import Foundation

/// `config.json`: everything the daemon knows about one container, written atomically on every change so a
/// restarted daemon finds each container as it was. Field names are Docker's (`docker inspect`).
public struct ContainerRecord: Codable, Sendable {
    /// The full ID (64 hex digits).
    public var ID: String
    /// When the container was created.
    public var Created: Date
    /// The name with its leading slash (`/happy_turing`).
    public var Name: String
    /// The program run: the first word of Entrypoint + Cmd.
    public var Path: String
    /// The rest of Entrypoint + Cmd.
    public var Args: [String]
    /// The container's run configuration, image defaults already merged in; `Image` is the name as given.
    public var Config: ImageRunConfig
    /// How the host runs it.
    public var HostConfig: ContainerHostConfig
    /// The image ID (`sha256:…`).
    public var Image: String
    /// Its state.
    public var State: ContainerState
    /// How often a restart policy restarted it.
    public var RestartCount: Int
    /// The mounted root filesystem, once mounted.
    public var Rootfs: RootfsMount?

    /// The name without its slash, as events and error messages show it.
    public var shortName: String { Name.hasPrefix("/") ? String(Name.dropFirst()) : Name }

    /// The command line as `docker ps` shows it.
    public var command: String { ([Path] + Args).joined(separator: " ") }
}

/// The container's `HostConfig`: the settings daemon-tui honours or stores.
public struct ContainerHostConfig: Codable, Sendable, Equatable {
    /// `/host:/container[:ro]` bind mounts.
    public var Binds: [String]?
    /// `default`, `bridge`, `host` (all: the host's network) or `none`.
    public var NetworkMode: String?
    /// What to do when the container exits (stored and shown).
    public var RestartPolicy: RestartPolicy?
    /// Remove the container when it exits (`docker run --rm`).
    public var AutoRemove: Bool?

    /// A host config.
    public init(Binds: [String]? = nil, NetworkMode: String? = nil, RestartPolicy: RestartPolicy? = nil, AutoRemove: Bool? = nil) {
        self.Binds = Binds
        self.NetworkMode = NetworkMode
        self.RestartPolicy = RestartPolicy
        self.AutoRemove = AutoRemove
    }
}

/// `HostConfig.RestartPolicy`.
public struct RestartPolicy: Codable, Sendable, Equatable {
    /// `""`/`no`, `on-failure`, `always` or `unless-stopped`.
    public var Name: String
    /// For `on-failure`: how many restarts at most (0: unlimited).
    public var MaximumRetryCount: Int

    /// A restart policy.
    public init(Name: String = "no", MaximumRetryCount: Int = 0) {
        self.Name = Name
        self.MaximumRetryCount = MaximumRetryCount
    }
}

/// Where in its life a container is (Docker's state strings).
public enum ContainerStatus: String, Codable, Sendable, CaseIterable {
    case created, running, paused, restarting, removing, exited, dead
}

/// A container's `State`.
public struct ContainerState: Codable, Sendable, Equatable {
    /// Where in its life the container is.
    public var Status: ContainerStatus
    /// The first process's host PID while running; 0 otherwise.
    public var Pid: Int32
    /// The last exit code (128 + signal when killed by one).
    public var ExitCode: Int32
    /// Why the last start failed, or "".
    public var Error: String
    /// When it last started.
    public var StartedAt: Date?
    /// When it last exited.
    public var FinishedAt: Date?

    /// A fresh container's state.
    public init() {
        Status = .created
        Pid = 0
        ExitCode = 0
        Error = ""
    }

    /// Whether a process is alive (running, paused or restarting).
    public var isRunning: Bool { Status == .running || Status == .paused || Status == .restarting }
}
