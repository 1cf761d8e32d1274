import Foundation

/// Counts of events per wall-clock second over a sliding window: the data behind a req/s sparkline.
public struct RateHistory: Sendable, Equatable {
    /// How many seconds the history covers.
    public static let capacity = 60

    private var counts: [Int] = Array(repeating: 0, count: RateHistory.capacity)
    private var lastSecond: Int = 0

    public init() {}

    /// Records one event at `now`.
    public mutating func record(at now: Date) {
        advance(to: now)
        counts[lastSecond % Self.capacity] += 1
    }

    /// The per-second counts, oldest first, as of `now` (seconds with no events count zero).
    public func series(at now: Date) -> [Int] {
        var copy = self
        copy.advance(to: now)
        let end = copy.lastSecond
        return (0..<Self.capacity).map { offset in
            copy.counts[(end - Self.capacity + 1 + offset + Self.capacity * 2) % Self.capacity]
        }
    }

    private mutating func advance(to now: Date) {
        let second = Int(now.timeIntervalSince1970)
        if lastSecond == 0 { lastSecond = second }
        guard second > lastSecond else { return }
        let gap = min(second - lastSecond, Self.capacity)
        for step in 1...gap { counts[(lastSecond + step) % Self.capacity] = 0 }
        lastSecond = second
    }
}
