import Foundation

/// Which stream bytes belong to, numbered as in Docker's multiplexed frames.
public enum ContainerStreamKind: UInt8, Sendable, Equatable {
    /// 0: stdin (clients print it as stdout).
    case stdin = 0
    /// 1: stdout.
    case stdout = 1
    /// 2: stderr.
    case stderr = 2
    /// 3: an error of the daemon, in a log stream (`Error grabbing logs: …`).
    case systemError = 3
}

/// A piece of a container's live output (attach).
public struct ContainerOutput: Sendable, Equatable {
    /// The stream.
    public var stream: ContainerStreamKind
    /// The bytes, as the process wrote them.
    public var bytes: Data

    /// An output piece.
    public init(stream: ContainerStreamKind, bytes: Data) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// One entry of a container's log (a json-file line: `{"log": …, "stream": …, "time": …}`).
public struct ContainerLogEntry: Sendable, Equatable {
    /// The stream.
    public var stream: ContainerStreamKind
    /// The bytes (a line with its `\n`, or a partial line).
    public var bytes: Data
    /// When it was written: nanoseconds since the Unix epoch.
    public var timeNano: Int64

    /// A log entry.
    public init(stream: ContainerStreamKind, bytes: Data, timeNano: Int64) {
        self.stream = stream
        self.bytes = bytes
        self.timeNano = timeNano
    }
}

/// A container's log, as `GET /containers/{name}/logs` streams it.
public struct ContainerLogs: Sendable {
    /// Whether the container has a TTY (then the stream is raw, not multiplexed).
    public var tty: Bool
    /// The entries selected, oldest first. With `follow`, it goes on until the container stops (or the
    /// consumer stops iterating); otherwise it ends after the entries written so far.
    public var entries: AsyncThrowingStream<ContainerLogEntry, any Error>

    /// A log stream.
    public init(tty: Bool, entries: AsyncThrowingStream<ContainerLogEntry, any Error>) {
        self.tty = tty
        self.entries = entries
    }
}
