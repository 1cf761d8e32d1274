import Foundation

/// One registered route and what it has served.
public struct RouteRecord: Sendable, Identifiable {
    /// Position in registration order.
    public let id: Int
    /// `GET`, `POST`, `DELETE`, `OPTIONS`, `HEAD`.
    public let method: String
    /// The template exactly as registered, without the `/v{version:[0-9.]+}` prefix.
    public let template: String
    /// The handler's name, as in the seed's route map (`getContainersByName`).
    public let handler: String
    public var hits: Int = 0
    /// Responses with a status of 400 or more.
    public var errors: Int = 0
    public var latency: LatencyHistogram = LatencyHistogram()

    public init(id: Int, method: String, template: String, handler: String) {
        self.id = id
        self.method = method
        self.template = template
        self.handler = handler
    }
}

/// A fixed-size log-scale histogram of durations: cheap to update, good enough for p50/p99.
public struct LatencyHistogram: Sendable, Equatable {
    // Bucket i holds durations below 2^(i/4) microseconds: 96 buckets reach ~16 s, the last catches the rest.
    private static let bucketCount = 97
    private var buckets: [UInt32] = Array(repeating: 0, count: LatencyHistogram.bucketCount)
    public private(set) var count: Int = 0

    public init() {}

    /// Adds one observation.
    public mutating func record(_ seconds: TimeInterval) {
        let micros = max(seconds * 1_000_000, 1)
        let index = min(Int((log2(micros) * 4).rounded(.up)), Self.bucketCount - 1)
        buckets[max(index, 0)] &+= 1
        count += 1
    }

    /// The duration below which `fraction` (0…1) of observations fall; nil when empty.
    public func quantile(_ fraction: Double) -> TimeInterval? {
        guard count > 0 else { return nil }
        let target = max(1, Int((Double(count) * fraction).rounded(.up)))
        var seen = 0
        for (index, n) in buckets.enumerated() {
            seen += Int(n)
            if seen >= target { return pow(2, Double(index) / 4) / 1_000_000 }
        }
        return nil
    }
}
