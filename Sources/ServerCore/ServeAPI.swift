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

    /// Runs until `context.shutdown` fires (then returns) or a listener cannot be created (then throws, after
    /// closing the listeners already bound). `onListening` is called once every listener is bound.
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

        // Addresses are bound one after the other, in -H order, so listener ids (L1, L2, …) and the
        // "first listener" that DOCKER_HOST points at follow the command line; binding is quick, serving is
        // what runs concurrently.
        var listeners: [Listener] = []
        do {
            for (proto, addr) in parts {
                context.logger.info("Listening for HTTP on \(proto) (\(addr))")
                listeners += try await ListenAndServe.listen(proto: proto, addr: addr, configuration: configuration, context: context)
            }
        } catch {
            await ListenAndServe.abandon(listeners)
            throw error
        }
        onListening(listeners.map(\.record))
        await ListenAndServe.serve(listeners, configuration: configuration, context: context)
    }
}
