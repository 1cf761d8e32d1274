/// `GET /containers/{name}/top`: `ps` output split into columns.
public struct ContainerTopResponse: Sendable, Equatable, Codable {
    /// `Titles`: the column headers (`UID`, `PID`, `PPID`, `C`, `STIME`, `TTY`, `TIME`, `CMD` for `-ef`).
    public var titles: [String]
    /// `Processes`: one row per process, one string per column.
    public var processes: [[String]]

    /// A top answer.
    public init(titles: [String], processes: [[String]]) {
        self.titles = titles
        self.processes = processes
    }

    private enum CodingKeys: String, CodingKey {
        case titles = "Titles", processes = "Processes"
    }
}

/// One entry of `GET /containers/{name}/changes` (`docker diff`).
public struct FilesystemChange: Sendable, Equatable, Codable {
    /// What happened to a path: `Kind` 0 (C), 1 (A) or 2 (D).
    public enum Kind: Int, Sendable, Equatable, Codable {
        /// `C`: changed.
        case modified = 0
        /// `A`: added.
        case added = 1
        /// `D`: deleted.
        case deleted = 2
    }

    /// `Path`: absolute, inside the container.
    public var path: String
    /// `Kind`.
    public var kind: Kind

    /// A change.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    private enum CodingKeys: String, CodingKey {
        case path = "Path", kind = "Kind"
    }
}

/// The body of `POST /containers/{name}/wait`.
public struct ContainerWaitResponse: Sendable, Equatable, Codable {
    /// `StatusCode`: the exit code.
    public var statusCode: Int64
    /// `Error`: only when waiting itself failed.
    public var error: WaitError?

    /// `{"Message": …}`.
    public struct WaitError: Sendable, Equatable, Codable {
        /// `Message`.
        public var message: String

        /// A wait error.
        public init(message: String) { self.message = message }

        private enum CodingKeys: String, CodingKey {
            case message = "Message"
        }
    }

    /// A wait answer.
    public init(statusCode: Int64, error: WaitError? = nil) {
        self.statusCode = statusCode
        self.error = error
    }

    private enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode", error = "Error"
    }
}

/// `201` answer of `POST /commit`.
public struct CommitResponse: Sendable, Equatable, Codable {
    /// `Id`: the new image's ID (`sha256:…`).
    public var id: String

    /// A commit answer.
    public init(id: String) { self.id = id }

    private enum CodingKeys: String, CodingKey {
        case id = "Id"
    }
}
