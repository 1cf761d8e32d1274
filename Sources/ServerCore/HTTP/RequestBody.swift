import NIOCore
import Traffic

/// A request's body as it arrives, chunk by chunk. Iterate it once; reading applies back-pressure to the client.
public struct RequestBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    let reader: InboundReader
    let requestID: RequestID
    let traffic: TrafficStore

    /// Reads chunks; the connection stops reading from the socket while the consumer is busy.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let body: RequestBody

        public mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await body.reader.nextBodyChunk() else { return nil }
            chunk.withUnsafeReadableBytes { body.traffic.requestBody(body.requestID, raw: $0) }
            return chunk
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }

    /// Collects the whole body into one buffer, refusing bodies longer than `limit` bytes.
    public func collect(upTo limit: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await var chunk in self {
            guard result.readableBytes + chunk.readableBytes <= limit else {
                throw RequestBodyTooLarge(limit: limit)
            }
            result.writeBuffer(&chunk)
        }
        return result
    }
}

/// A body longer than its route allows (HTTP 413).
public struct RequestBodyTooLarge: Error, CustomStringConvertible {
    public let limit: Int
    public init(limit: Int) { self.limit = limit }
    public var description: String { "request body too large: the limit for this route is \(limit) bytes" }
}
