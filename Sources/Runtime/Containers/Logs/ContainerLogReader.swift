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
    ///   - tail: only the last `tail` lines of the log (then `since`/`until` apply, as Docker does); nil or
    ///     negative: all.
    ///   - follow: keep reading lines as they are appended, until `isRunning` says the container stopped and
    ///     the log is drained.
    /// A missing log file is an empty log. The file is read as the consumer asks for entries (a slow client
    /// never makes the daemon hold a large log in memory), a chunk at a time, off the cooperative pool.
    public func entries(
        path: String, since: Date?, until: Date?, tail: Int?, follow: Bool,
        isRunning: @escaping @Sendable () async -> Bool
    ) -> AsyncThrowingStream<LogEntry, Error> {
        let reader = LogFollower(
            cursor: LogFileCursor(path: path, since: since, until: until), tail: tail.flatMap { $0 >= 0 ? $0 : nil },
            follow: follow, isRunning: isRunning, pollInterval: pollInterval)
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }
}

/// The state of one read of a log: what was read but not yet delivered, and the phase it is in.
private actor LogFollower {
    private var cursor: LogFileCursor
    private let tail: Int?
    private let follow: Bool
    private let isRunning: @Sendable () async -> Bool
    private let pollInterval: Duration
    private var pending: [LogEntry] = []
    private var delivered = 0
    private var firstPassDone = false
    private var finished = false

    init(cursor: LogFileCursor, tail: Int?, follow: Bool, isRunning: @escaping @Sendable () async -> Bool, pollInterval: Duration) {
        self.cursor = cursor
        self.tail = tail
        self.follow = follow
        self.isRunning = isRunning
        self.pollInterval = pollInterval
    }

    func next() async throws -> LogEntry? {
        while true {
            if delivered < pending.count {
                delivered += 1
                return pending[delivered - 1]
            }
            pending = []
            delivered = 0
            if finished {
                cursor.close()
                return nil
            }
            try await fill()
        }
    }

    /// Reads the next batch of entries into `pending` (or finishes).
    private func fill() async throws {
        if !firstPassDone {
            if let tail {
                // The last `tail` lines of what is there now; only they are kept while reading.
                var last: [ArraySlice<UInt8>] = []
                while let lines = try await readChunk() {
                    last += lines
                    if last.count > tail { last.removeFirst(last.count - tail) }
                }
                firstPassDone = true
                accept(last)
            } else if let lines = try await readChunk() {
                accept(lines)
            } else {
                firstPassDone = true
            }
            if firstPassDone, !follow { finished = true }
            return
        }
        // Following: look at the container first, so every line it wrote before stopping is read after.
        let running = await isRunning()
        var lines: [ArraySlice<UInt8>] = []
        while let chunk = try await readChunk() { lines += chunk }
        accept(lines)
        if !running { finished = true }
        if !finished, pending.isEmpty { try await Task.sleep(for: pollInterval) }
    }

    /// The complete lines of the next chunk of the file (opening it once it exists); nil at its end.
    private func readChunk() async throws -> [ArraySlice<UInt8>]? {
        if cursor.fd < 0 {
            cursor.fd = try await LogFileCursor.open(cursor.path)
            if cursor.fd < 0 { return nil }
        }
        let bytes = try await LogFileCursor.read(cursor.fd)
        return bytes.isEmpty ? nil : cursor.lines(completedBy: bytes)
    }

    private func accept(_ lines: [ArraySlice<UInt8>]) {
        let (entries, done) = cursor.filter(lines)
        pending = entries
        if done { finished = true }
    }
}

/// Where a log reader is in the file: the open descriptor and the unfinished line at its end.
private struct LogFileCursor: Sendable {
    /// Bytes read per chunk.
    static let chunkSize = 256 * 1024

    let path: String
    let since: JSONLogLine.Timestamp?
    let until: JSONLogLine.Timestamp?
    var fd: Int32 = -1
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

    /// Opens the log; -1 when it does not exist (yet).
    static func open(_ path: String) async throws -> Int32 {
        try await BlockingWork.run { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
    }

    /// The next chunk of the file; empty at its end.
    static func read(_ fd: Int32) async throws -> [UInt8] {
        try await BlockingWork.run { () -> [UInt8] in
            var buffer = [UInt8](repeating: 0, count: chunkSize)
            while true {
                let n = Glibc.read(fd, &buffer, buffer.count)
                if n < 0, errno == EINTR { continue }
                return n > 0 ? Array(buffer[0..<n]) : []
            }
        }
    }

    /// The complete lines `bytes` finish (the rest waits for the next chunk).
    mutating func lines(completedBy bytes: [UInt8]) -> [ArraySlice<UInt8>] {
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
