import Foundation
import NIOCore
import ServerCore

/// A request body as `Data` chunks, for backends that must not see NIO types. Reading stays lazy: a chunk is
/// read from the connection only when the backend asks for it, so a busy backend slows the client down.
public struct UploadBody: AsyncSequence, Sendable {
    /// One chunk of the body, as it arrived.
    public typealias Element = Data

    let body: RequestBody

    /// The body of `request`.
    public init(_ body: RequestBody) { self.body = body }

    /// Yields each chunk as it arrives.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator

        /// The next chunk, or nil at the end of the body.
        public mutating func next() async throws -> Data? {
            guard let chunk = try await base.next() else { return nil }
            return Data(chunk.readableBytesView)
        }
    }

    /// Starts reading (the body can be read once).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator()) }
}
