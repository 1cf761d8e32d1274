import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a container's json-file log (as its supervisor writes it) for `docker logs` and attach with `logs`.
public struct ContainerLogReader: Sendable {
    /// How often a followed log is checked for new lines.
    public var pollInterval: Duration = .milliseconds(100)

    /// A log reader.
    public init() {}

    /// The entries of the log at `path`, oldest first.
    ///
    /// - Parameters:
    ///   - since: only entries at or after this time.
    ///   - until: only entries at or before this time (reading stops at the first later one).
    ///   - tail: only the last `tail` lines of the log (then `since`/`until` apply, as Docker does); nil: all.
    ///   - follow: keep reading lines as they are appended, until `isRunning` says the container stopped and
    ///     the log is drained.
    /// A missing log file is an empty log. Cancelling the consumer stops the reading.
    public func entries(
        path: String, since: Date?, until: Date?, tail: Int?, follow: Bool,
        isRunning: @escaping @Sendable () async -> Bool
    ) -> AsyncThrowingStream<LogEntry, Error> {
        let pollInterval = self.pollInterval
        return AsyncThrowingStream { continuation in
            let task = Task {
                var reader = LogFileCursor(path: path, since: since, until: until)
                do {
                    defer { reader.close() }
                    let emit = { (entries: [LogEntry]) in
                        for entry in entries { continuation.yield(entry) }
                    }
                    // The first pass: everything there is now (only the tail's lines when asked).
                    var lines = try await reader.readLines()
                    if let tail { lines = Array(lines.suffix(max(tail, 0))) }
                    var (entries, done) = reader.filter(lines)
                    emit(entries)
                    while follow, !done, !Task.isCancelled {
                        let running = await isRunning()
                        (entries, done) = reader.filter(try await reader.readLines())
                        emit(entries)
                        if done || !running { break }
                        if entries.isEmpty { try await Task.sleep(for: pollInterval) }
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Where a log reader is in the file: the open descriptor and the unfinished line at its end.
private struct LogFileCursor {
    let path: String
    let since: JSONLogLine.Timestamp?
    let until: JSONLogLine.Timestamp?
    private var fd: Int32 = -1
    private var carry: [UInt8] = []

    init(path: String, since: Date?, until: Date?) {
        self.path = path
        self.since = since.map(Self.timestamp)
        self.until = until.map(Self.timestamp)
    }

    private static func timestamp(_ date: Date) -> JSONLogLine.Timestamp {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return JSONLogLine.Timestamp(seconds: Int(seconds), nanoseconds: Int(((date.timeIntervalSince1970 - seconds) * 1e9).rounded()))
    }

    /// The complete lines appended since the last call (opening the file once it exists).
    mutating func readLines() async throws -> [ArraySlice<UInt8>] {
        if fd < 0 {
            let path = self.path
            fd = try await BlockingWork.run { open(path, O_RDONLY | O_CLOEXEC) }
            if fd < 0 { return [] }
        }
        let fd = self.fd
        let bytes = try await BlockingWork.run { () -> [UInt8] in
            var all: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return all }
                all += buffer[0..<n]
            }
        }
        carry += bytes
        guard let lastNewline = carry.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = Array(carry[...lastNewline])
        carry.removeFirst(lastNewline + 1)
        return complete.split(separator: UInt8(ascii: "\n"))
    }

    /// The entries of `lines` inside the time window; `done` once an entry after `until` was seen.
    func filter(_ lines: [ArraySlice<UInt8>]) -> (entries: [LogEntry], done: Bool) {
        var entries: [LogEntry] = []
        for line in lines {
            guard let (entry, time) = JSONLogLine.decode(line) else { continue }
            if let since, Self.isBefore(time, since) { continue }
            if let until, Self.isBefore(until, time) { return (entries, true) }
            entries.append(entry)
        }
        return (entries, false)
    }

    private static func isBefore(_ a: JSONLogLine.Timestamp, _ b: JSONLogLine.Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    mutating func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }
}
