import Errdefs
import Foundation

/// A Docker JSON message stream (`application/json`, each message followed by `\r\n`) whose head is sent with
/// the first message, so that a failure before it is still answered with a status (400 for a broken archive),
/// and a failure after it is written in-band as `{"errorDetail":{"message":…},"error":…}`.
///
/// One writer at a time: `ProgressPump` hands the stream to its progress task and takes it back before the
/// final messages are written.
final class JSONMessageStream: Sendable {
    private let context: APIContext
    private let started = StartFlag()

    init(_ context: APIContext) { self.context = context }

    /// True once the head is out (errors can only be reported in-band from then on).
    var hasStarted: Bool { started.isClaimed }

    /// Writes one message (sending the head first if needed).
    func send(_ message: JSONMessage) async throws {
        try await startIfNeeded()
        try await context.writeJSONLine(message, terminator: "\r\n")
    }

    /// Ends the stream (an empty `200` if nothing was sent).
    func finish() async throws {
        try await startIfNeeded()
        try await context.end()
    }

    /// Reports `error`: rethrown while nothing was sent (the request wrapper answers with its status), else
    /// written in-band and the stream ended.
    func fail(_ error: any Error) async throws {
        guard hasStarted else { throw error }
        let text = ErrorMapping.message(for: error)
        context.logger.debug("Handler for \(context.route.method) \(context.route.template) returned error in-band: \(text)")
        try? await context.writeJSONLine(JSONMessage.failure(text), terminator: "\r\n")
        try? await context.end()
    }

    private func startIfNeeded() async throws {
        if started.claim() { try await context.startStream(contentType: "application/json") }
    }
}

/// Runs a long operation while forwarding its progress reports to a `JSONMessageStream`.
///
/// Progress is best effort: only the newest report waits to be written (a slow client never queues them up),
/// and reports in the first `grace` are dropped, so a quick operation that fails — a hostile or broken
/// archive — still gets an HTTP status instead of a 200 with an error inside.
enum ProgressPump {
    static let grace: Duration = .seconds(1)

    static func run<Progress: Sendable, T>(
        _ stream: JSONMessageStream, format: (@Sendable (Progress) -> JSONMessage?)?,
        operation: (@escaping @Sendable (Progress) -> Void) async throws -> T
    ) async throws -> T {
        guard let format else { return try await operation { _ in } }
        let (reports, continuation) = AsyncStream.makeStream(of: Progress.self, bufferingPolicy: .bufferingNewest(1))
        let start = ContinuousClock.now
        let writer = Task {
            for await report in reports where ContinuousClock.now - start >= grace {
                guard let message = format(report) else { continue }
                // A client that left is noticed by the operation (its body read or the final write fails).
                try? await stream.send(message)
            }
        }
        do {
            let result = try await operation { continuation.yield($0) }
            continuation.finish()
            await writer.value
            return result
        } catch {
            continuation.finish()
            await writer.value
            throw error
        }
    }
}
