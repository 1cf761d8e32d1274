import Foundation
import Logging
import NIOCore
import NIOPosix
import ServerCore
import Traffic

/// ServeAPI running in-process with a test responder, for tests over real sockets.
public final class InProcessServer: Sendable {
    public let traffic: TrafficStore
    public let buffer: ListenBuffer
    public let shutdown: ShutdownSignal
    public let group: MultiThreadedEventLoopGroup
    public let listeners: [ListenerRecord]
    private let task: Task<Result<Void, any Error>, Never>

    public static func start(
        _ addresses: [String], holding: Bool = false, maxHeld: Int = 1024,
        configuration: ServeAPIConfiguration = ServeAPIConfiguration(socketGroup: ""),
        responder: any HTTPResponder
    ) async throws -> InProcessServer {
        let traffic = TrafficStore()
        let buffer = ListenBuffer(holding: holding, maxHeldPerListener: maxHeld, traffic: traffic)
        let shutdown = ShutdownSignal()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let context = ServeContext(
            traffic: traffic, listenBuffer: buffer, eventLoopGroup: group, shutdown: shutdown, logger: logger,
            makeResponder: { _ in responder })
        let bound = AsyncStream<[ListenerRecord]>.makeStream()
        let task = Task {
            do {
                try await ServeAPI.run(protoAddrs: addresses, configuration: configuration, context: context) {
                    bound.continuation.yield($0)
                }
                bound.continuation.finish()
                return Result<Void, any Error>.success(())
            } catch {
                bound.continuation.finish()
                return .failure(error)
            }
        }
        var iterator = bound.stream.makeAsyncIterator()
        guard let listeners = await iterator.next() else {
            if case .failure(let error) = await task.value { throw error }
            throw ServerEnded()
        }
        return InProcessServer(traffic: traffic, buffer: buffer, shutdown: shutdown, group: group, listeners: listeners, task: task)
    }

    private init(
        traffic: TrafficStore, buffer: ListenBuffer, shutdown: ShutdownSignal, group: MultiThreadedEventLoopGroup,
        listeners: [ListenerRecord], task: Task<Result<Void, any Error>, Never>
    ) {
        self.traffic = traffic
        self.buffer = buffer
        self.shutdown = shutdown
        self.group = group
        self.listeners = listeners
        self.task = task
    }

    /// The port of the n-th listener (tcp).
    public func port(_ index: Int = 0) -> Int {
        Int(listeners[index].boundAddress.split(separator: ":").last!)!
    }

    /// Triggers shutdown and waits for ServeAPI to return.
    public func stop() async {
        buffer.close()
        shutdown.trigger()
        _ = await task.value
        try? await group.shutdownGracefully()
    }
}

/// A test condition that did not hold, with what was expected.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms for up to `timeout` seconds.
public func waitUntil(timeout: TimeInterval = 10, _ condition: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TestFailure("condition not met within \(timeout)s") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// The in-process server stopped before its listeners were bound.
public struct ServerEnded: Error {}
