import Errdefs
import Foundation

/// `GET /containers/{name}/logs`: the container's log entries, multiplexed without a TTY and raw with one,
/// optionally prefixed with their time; with `follow`, streamed until the container stops or the client
/// leaves. The head is flushed before the first entry; a failure after it is a `systemerr` frame
/// (multiplexed) or ends the stream.
struct ContainerLogsHandler: Sendable {
    let backend: any ContainerBackend

    func logs(_ context: APIContext) async throws {
        let options = try Self.options(context.query)
        let logs = try await backend.containerLogs(context.variable("name"), options: options)
        let framing = StreamFraming(tty: logs.tty)
        try await context.startStream(contentType: framing.contentType(for: context.version))

        let entries = logs.entries
        let failure = await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do {
                    for try await entry in entries {
                        var bytes = entry.bytes
                        if options.timestamps { bytes = Data((LogTimestamp.format(entry.timeNano) + " ").utf8) + bytes }
                        try await context.write(framing.frame(entry.stream, bytes))
                    }
                    return nil
                } catch is CancellationError {
                    return nil
                } catch {
                    return error
                }
            }
            group.addTask {
                await context.waitForClientToLeave()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let failure, framing == .multiplexed {
            let text = "Error grabbing logs: \(ErrorMapping.message(for: failure))\n"
            try? await context.write(framing.frame(.systemError, Data(text.utf8)))
        }
        try? await context.end()
    }

    /// `stdout`, `stderr` (at least one), `timestamps`, `follow`, `tail` (`all` or N; anything else is all,
    /// as dockerd reads it), `since`, `until`.
    static func options(_ query: QueryParameters) throws -> ContainerLogsOptions {
        let stdout = query.bool("stdout")
        let stderr = query.bool("stderr")
        guard stdout || stderr else {
            throw DaemonError.invalidParameter("Bad parameters: you must choose at least one stream")
        }
        let now = Date()
        let tail = query.string("tail").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 >= 0 ? $0 : nil }
        return ContainerLogsOptions(
            stdout: stdout, stderr: stderr, timestamps: query.bool("timestamps"), tail: tail,
            sinceNano: try query.string("since").flatMap { try Timestamp.parse($0, now: now, name: "since") },
            untilNano: try query.string("until").flatMap { try Timestamp.parse($0, now: now, name: "until") },
            follow: query.bool("follow"))
    }
}
