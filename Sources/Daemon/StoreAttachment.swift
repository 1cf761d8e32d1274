import APIServer
import Foundation
import Runtime

/// A client attached to a container through the store: with `logs`, the log so far first (the streams
/// asked for), then with `stream` the live output relayed from the store's session; stdin goes the other
/// way.
final class StoreAttachment: APIServer.ContainerAttachment {
    let tty: Bool
    let output: AsyncStream<ContainerOutput>
    private let session: (any AttachSession)?
    private let relay: Task<Void, Never>

    init(tty: Bool, session: (any AttachSession)?, replay: AsyncThrowingStream<LogEntry, Error>?, options: ContainerAttachOptions) {
        self.tty = tty
        self.session = session
        let (output, continuation) = AsyncStream.makeStream(of: ContainerOutput.self)
        self.output = output
        let wanted: @Sendable (Runtime.OutputStream) -> Bool = { stream in
            switch stream {
            case .stdout: return options.stdout
            case .stderr: return options.stderr
            case .stdin: return false
            }
        }
        relay = Task {
            if let replay {
                do {
                    for try await entry in replay where wanted(entry.stream) {
                        continuation.yield(ContainerOutput(stream: ContainerWireMapping.streamKind(entry.stream), bytes: Data(entry.bytes)))
                    }
                } catch {
                    continuation.yield(ContainerOutput(stream: .systemError, bytes: Data("Error grabbing logs: \(error)\n".utf8)))
                }
            }
            if let session {
                for await chunk in session.output where wanted(chunk.stream) {
                    continuation.yield(ContainerOutput(stream: ContainerWireMapping.streamKind(chunk.stream), bytes: Data(chunk.bytes)))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { [relay] _ in relay.cancel() }
    }

    func writeStdin(_ bytes: Data) async throws {
        try await session?.writeStdin(Array(bytes))
    }

    func closeStdin() async {
        await session?.closeStdin()
    }

    func close() async {
        relay.cancel()
        await session?.close()
    }
}
