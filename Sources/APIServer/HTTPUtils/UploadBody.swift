import Foundation
import NIOCore
import ServerCore

/// A request body as `Data` chunks, for backends that must not see NIO types. Reading stays lazy: a chunk is
/// read from the connection only when the backend asks for it, so a busy backend slows the client down.
public struct UploadBody: AsyncSequence, Sendable {
    public typealias Element = Data

    let body: RequestBody

    /// The body of `request`.
    public init(_ body: RequestBody) { self.body = body }

    /// Yields each chunk as it arrives.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator

        public mutating func next() async throws -> Data? {
            guard let chunk = try await base.next() else { return nil }
            return Data(chunk.readableBytesView)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator()) }
}
