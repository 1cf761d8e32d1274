import NIOCore
import NIOPosix
import Traffic

/// A connection taken over after `101 UPGRADED`: raw bytes in both directions.
///
/// Read `inbound` from one task and `write` from another freely. When the client half-closes its side (the
/// docker CLI does after stdin's end), `inbound` ends but writing still works.
public struct HijackedStream: Sendable {
    let reader: InboundReader
    let outbound: ConnectionChannel
    let requestID: RequestID
    let traffic: TrafficStore

    /// The bytes the client sends, in order.
    public var inbound: Inbound { Inbound(stream: self) }

    /// Sends raw bytes; returns once the connection can take more.
    public func write(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0 else { return }
        traffic.hijackedBytes(requestID, out: buffer.readableBytes)
        try await outbound.write(.raw(buffer))
    }

    /// For building buffers.
    public var allocator: ByteBufferAllocator { channel.allocator }

    var channel: any Channel { outbound.channel }

    /// Shuts down the sending side (TCP `CloseWrite`); where that is not possible, closes the connection.
    public func closeWrite() async {
        do {
            try await channel.close(mode: .output)
        } catch {
            try? await channel.close()
        }
    }

    /// Closes the connection.
    public func close() async {
        try? await channel.close()
    }

    /// The client's bytes as an async sequence (one reader only).
    public struct Inbound: AsyncSequence, Sendable {
        public typealias Element = ByteBuffer
        let stream: HijackedStream

        public struct AsyncIterator: AsyncIteratorProtocol {
            let stream: HijackedStream
            public mutating func next() async throws -> ByteBuffer? {
                guard let chunk = try await stream.reader.nextRaw() else { return nil }
                stream.traffic.hijackedBytes(stream.requestID, in: chunk.readableBytes)
                return chunk
            }
        }

        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: stream) }
    }
}
