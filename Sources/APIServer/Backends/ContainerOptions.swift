/// `GET /containers/json`: `all`, `limit`, `size`, `filters`.
public struct ContainerListOptions: Sendable, Equatable {
    /// `all`: include stopped containers.
    public var all: Bool
    /// `limit`: the newest N containers (any state); nil or ≤ 0 for no limit.
    public var limit: Int?
    /// `size`: fill `SizeRw` and `SizeRootFs`.
    public var size: Bool
    /// `filters`: `id`, `name`, `status`, `label`, `ancestor`, `exited`, `before`, `since`…
    public var filters: [String: [String]]

    /// List options.
    public init(all: Bool = false, limit: Int? = nil, size: Bool = false, filters: [String: [String]] = [:]) {
        self.all = all
        self.limit = limit
        self.size = size
        self.filters = filters
    }
}

/// `GET /containers/{name}/logs`.
public struct ContainerLogsOptions: Sendable, Equatable {
    /// `stdout`.
    public var stdout: Bool
    /// `stderr`.
    public var stderr: Bool
    /// `timestamps` (the route formats them; the backend may ignore it).
    public var timestamps: Bool
    /// `tail`: the last N entries; nil for all.
    public var tail: Int?
    /// `since`: only entries at or after this time (Unix nanoseconds); nil for no bound.
    public var sinceNano: Int64?
    /// `until`: only entries before this time (Unix nanoseconds); nil for no bound.
    public var untilNano: Int64?
    /// `follow`: keep streaming new entries until the container stops.
    public var follow: Bool

    /// Logs options.
    public init(
        stdout: Bool = true, stderr: Bool = true, timestamps: Bool = false, tail: Int? = nil,
        sinceNano: Int64? = nil, untilNano: Int64? = nil, follow: Bool = false
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.timestamps = timestamps
        self.tail = tail
        self.sinceNano = sinceNano
        self.untilNano = untilNano
        self.follow = follow
    }
}

/// `POST /containers/{name}/attach`.
public struct ContainerAttachOptions: Sendable, Equatable {
    /// `stream`: live output (and stdin) from now on.
    public var stream: Bool
    /// `logs`: the log so far first.
    public var logs: Bool
    /// `stdin`: forward the client's input.
    public var stdin: Bool
    /// `stdout`.
    public var stdout: Bool
    /// `stderr`.
    public var stderr: Bool

    /// Attach options.
    public init(stream: Bool = true, logs: Bool = false, stdin: Bool = false, stdout: Bool = true, stderr: Bool = true) {
        self.stream = stream
        self.logs = logs
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// `POST /containers/{name}/wait?condition=`.
public enum ContainerWaitCondition: String, Sendable, Equatable {
    /// `not-running` (default): when the container is not running (at once if it is not).
    case notRunning = "not-running"
    /// `next-exit`: the next time it exits.
    case nextExit = "next-exit"
    /// `removed`: when it has been removed.
    case removed = "removed"
}

/// `POST /containers/{name}/stop` and `/restart`.
public struct ContainerStopOptions: Sendable, Equatable {
    /// `t`: seconds between the stop signal and SIGKILL; nil for the container's `StopTimeout` (default 10);
    /// -1 waits forever.
    public var timeout: Int?
    /// `signal`: the signal number; nil for the container's `StopSignal` (default SIGTERM).
    public var signal: Int32?

    /// Stop options.
    public init(timeout: Int? = nil, signal: Int32? = nil) {
        self.timeout = timeout
        self.signal = signal
    }
}

/// `DELETE /containers/{name}`.
public struct ContainerRemoveOptions: Sendable, Equatable {
    /// `force`: kill a running container first.
    public var force: Bool
    /// `v`: remove its anonymous volumes.
    public var removeVolumes: Bool
    /// `link`: remove a link (not supported; a 400 is the route's business).
    public var removeLink: Bool

    /// Remove options.
    public init(force: Bool = false, removeVolumes: Bool = false, removeLink: Bool = false) {
        self.force = force
        self.removeVolumes = removeVolumes
        self.removeLink = removeLink
    }
}

/// `POST /commit`.
public struct ContainerCommitOptions: Sendable, Equatable {
    /// `container`: the container's name or ID.
    public var container: String
    /// `repo`: where to tag the image (may carry the tag); empty for no tag.
    public var repository: String
    /// `tag`.
    public var tag: String
    /// `comment`.
    public var comment: String
    /// `author`.
    public var author: String
    /// `changes`: Dockerfile instructions, one per element (`CMD ["sh"]`, `ENV A=b`…).
    public var changes: [String]
    /// `pause`: freeze the container while committing (default true).
    public var pause: Bool
    /// The optional JSON body: a config whose set fields override the container's.
    public var config: ContainerConfig?

    /// Commit options.
    public init(
        container: String, repository: String = "", tag: String = "", comment: String = "", author: String = "",
        changes: [String] = [], pause: Bool = true, config: ContainerConfig? = nil
    ) {
        self.container = container
        self.repository = repository
        self.tag = tag
        self.comment = comment
        self.author = author
        self.changes = changes
        self.pause = pause
        self.config = config
    }
}

/// `PUT /containers/{name}/archive`.
public struct ContainerExtractOptions: Sendable, Equatable {
    /// `noOverwriteDirNonDir`: refuse to replace a directory with a non-directory or the reverse.
    public var noOverwriteDirNonDir: Bool
    /// `copyUIDGID`: keep the archive's owners (as the container's users) instead of root.
    public var copyUIDGID: Bool

    /// Extract options.
    public init(noOverwriteDirNonDir: Bool = false, copyUIDGID: Bool = false) {
        self.noOverwriteDirNonDir = noOverwriteDirNonDir
        self.copyUIDGID = copyUIDGID
    }
}
