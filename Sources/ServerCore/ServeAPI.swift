import Foundation
import Logging
import Traffic

/// The seed's `ServeApi(job)`: check the args, start one listener per `PROTO://ADDR`, served concurrently, and
/// collect their errors — the first error ends the job.
public enum ServeAPI {
    /// The usage error, word for word as Docker's job reports it.
    public struct UsageError: Error, CustomStringConvertible {
        public let jobName: String
        public var description: String { "usage: \(jobName) PROTO://ADDR [PROTO://ADDR ...]" }
    }

    /// Runs until `context.shutdown` fires (then returns) or a listener fails (then throws, after the other
    /// listeners have shut down). `onListening` is called once every listener is bound.
    public static func run(
        jobName: String = "serveapi", protoAddrs: [String], configuration: ServeAPIConfiguration,
        context: ServeContext, onListening: @escaping @Sendable ([ListenerRecord]) -> Void = { _ in }
    ) async throws {
        guard !protoAddrs.isEmpty else { throw UsageError(jobName: jobName) }
        var parts: [(proto: String, addr: String)] = []
        for protoAddr in protoAddrs {
            guard let separator = protoAddr.range(of: "://") else { throw UsageError(jobName: jobName) }
            parts.append((String(protoAddr[..<separator.lowerBound]), String(protoAddr[separator.upperBound...])))
        }

        let barrier = BindBarrier(expected: parts.count, onComplete: onListening)
        // chErrors: the first listener to fail stops the others and becomes the job's error.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (proto, addr) in parts {
                group.addTask {
                    context.logger.info("Listening for HTTP on \(proto) (\(addr))")
                    try await ListenAndServe.run(
                        proto: proto, addr: addr, configuration: configuration, context: context,
                        onBound: { barrier.arrive($0) })
                }
            }
            do {
                for try await _ in group {}
            } catch {
                context.shutdown.trigger()
                while (try? await group.next()) != nil {}
                throw error
            }
        }
    }
}
