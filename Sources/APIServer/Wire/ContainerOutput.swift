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

/// A live connection to a container's stdio (`POST /containers/{name}/attach`). Obtained before the
/// container starts (`docker run` attaches first), it delivers the output from the start.
public protocol ContainerAttachment: Sendable {
    /// Whether the container has a TTY (then output is raw, stdout only, not multiplexed).
    var tty: Bool { get }
    /// The output asked for (with `logs`, the log so far first), until the container's streams end (it
    /// exited and everything was delivered) or `close()`.
    var output: AsyncStream<ContainerOutput> { get }
    /// Writes to the container's stdin (attached with `stdin` to a container with `OpenStdin`).
    func writeStdin(_ bytes: Data) async throws
    /// The client's stdin ended: the process sees end of file when the container has `StdinOnce`.
    func closeStdin() async
    /// Detaches; the container keeps running.
    func close() async
}

/// A registered wait (`POST /containers/{name}/wait`): the condition is armed when the backend returns it
/// (so `next-exit` registered before `start` sees that start's exit); `result()` returns when it is met.
public struct ContainerWait: Sendable {
    private let body: @Sendable () async -> ContainerWaitResponse

    /// A wait whose result `body` produces.
    public init(_ body: @escaping @Sendable () async -> ContainerWaitResponse) { self.body = body }

    /// Returns when the condition is met (at once if it already is).
    public func result() async -> ContainerWaitResponse { await body() }
}
