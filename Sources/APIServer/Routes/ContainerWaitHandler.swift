import Errdefs
import Foundation

/// `POST /containers/{name}/wait`: resolves the container and arms the condition (a 404 or 400 is still a
/// status), then flushes the `200` head at once — the docker CLI sends wait before start and waits for that
/// head — and writes `{"StatusCode": n}` when the condition is met.
struct ContainerWaitHandler: Sendable {
    let backend: any ContainerBackend

    func wait(_ context: APIContext) async throws {
        let condition = try Self.condition(context.query.string("condition"))
        let wait = try await backend.waitContainer(context.variable("name"), condition: condition)
        try await context.startStream(contentType: "application/json")
        let result = await withTaskGroup(of: ContainerWaitResponse?.self) { group in
            group.addTask { await wait.result() }
            group.addTask {
                await context.waitForClientToLeave()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let result else { return }
        try await context.writeJSONLine(result)
        try await context.end()
    }

    /// `not-running` (also when absent), `next-exit`, `removed`; anything else is a 400.
    static func condition(_ raw: String?) throws -> ContainerWaitCondition {
        guard let raw, !raw.isEmpty else { return .notRunning }
        guard let condition = ContainerWaitCondition(rawValue: raw) else {
            throw DaemonError.invalidParameter("invalid condition: \"\(raw)\"")
        }
        return condition
    }
}
