import Foundation

/// One entry of a container's json-file log: a line (or a partial line) of output.
public struct LogEntry: Sendable, Equatable {
    /// stdout or stderr (a TTY's merged output is stdout).
    public var stream: OutputStream
    /// When the supervisor read it.
    public var time: Date
    /// The bytes, with their trailing newline when the line was complete.
    public var bytes: [UInt8]

    /// A log entry.
    public init(stream: OutputStream, time: Date, bytes: [UInt8]) {
        self.stream = stream
        self.time = time
        self.bytes = bytes
    }
}
