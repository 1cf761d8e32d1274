import Foundation

/// Pulls one async sequence on demand and transforms its elements, so the consumer's pace (a slow client)
/// still sets the producer's: nothing is read ahead into memory.
actor StreamPump<Base: AsyncSequence & Sendable, Output: Sendable> where Base.Element: Sendable {
    private var iterator: Base.AsyncIterator
    private let transform: @Sendable (Base.Element) -> Output?

    /// `transform` returns nil for elements to skip.
    init(_ base: Base, transform: @escaping @Sendable (Base.Element) -> Output?) {
        iterator = base.makeAsyncIterator()
        self.transform = transform
    }

    func next() async throws -> Output? {
        // A copy is iterated (an actor's stored property cannot be mutated across an await) and put back; the
        // stream built on this pump asks for one element at a time, so nothing interleaves.
        var current = iterator
        defer { iterator = current }
        while let element = try await current.next(isolation: self) {
            if let output = transform(element) { return output }
        }
        return nil
    }

    /// The transformed sequence as a stream.
    nonisolated static func stream(
        _ base: Base, transform: @escaping @Sendable (Base.Element) -> Output?
    ) -> AsyncThrowingStream<Output, any Error> {
        let pump = StreamPump(base, transform: transform)
        return AsyncThrowingStream(unfolding: { try await pump.next() })
    }
}
