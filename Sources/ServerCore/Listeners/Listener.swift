import Foundation
import Logging
import NIOCore
import NIOPosix
import Traffic

/// A bound socket and its accept loop: every accepted connection is served by an `HTTPConnection`.
struct Listener: Sendable {
    /// An accepted connection, its pipeline built.
    struct Connection: Sendable {
        let handler: ConnectionChannel
    }

    let record: ListenerRecord
    let serverChannel: NIOAsyncChannel<Connection, Never>
    /// The socket file to remove on shutdown (unix listeners we created).
    let socketPath: String?

    /// Accepts and serves connections until shutdown, then drains: idle connections close at once, busy ones
    /// may finish within the grace period, and whatever is left is closed.
    func serve(configuration: ServeAPIConfiguration, context: ServeContext) async {
        let responder = context.makeResponder(record)
        let registry = ConnectionRegistry()
        let listenBuffer = context.listenBuffer
        let channel = serverChannel.channel
        context.traffic.addListener(record)
        listenBuffer.register(record.id)
        context.shutdown.onTrigger { channel.close(promise: nil) }

        await withDiscardingTaskGroup { group in
            do {
                try await serverChannel.executeThenClose { inbound in
                    for try await connection in inbound {
                        listenBuffer.connectionAccepted(record.id)
                        let executor = EventLoopTaskExecutor(connection.handler.channel.eventLoop)
                        group.addTask(executorPreference: executor) {
                            await HTTPConnection(
                                connection: connection.handler, listener: record, responder: responder,
                                listenBuffer: listenBuffer, traffic: context.traffic, registry: registry,
                                logger: context.logger
                            ).serve()
                        }
                        await listenBuffer.waitForRoom(record.id)
                    }
                }
            } catch {
                if !context.shutdown.isTriggered {
                    context.logger.error("listener \(record.url) stopped accepting: \(error)")
                    context.traffic.updateListener(record.id) { $0.state = .error("\(error)") }
                }
            }
            registry.drain()
            let grace = channel.eventLoop.scheduleTask(in: configuration.limits.shutdownGracePeriod) {
                registry.closeAll()
            }
            group.addTask {
                // Wake up once every connection is gone, so the grace timer can be cancelled early.
                while registry.count > 0 { try? await Task.sleep(for: .milliseconds(20)) }
                grace.cancel()
            }
        }
        if let socketPath { unlink(socketPath) }
        context.traffic.updateListener(record.id) { record in
            if case .error = record.state { return }
            record.state = .closed
        }
    }
}
