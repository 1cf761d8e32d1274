import Foundation

/// A fresh directory under /tmp, removed by `remove()` (tests call it in a `defer`).
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    /// Creates `/tmp/<prefix>-<random>`. Short on purpose: unix socket paths must stay under 108 bytes.
    public init(prefix: String = "dt") throws {
        let name = "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
        url = URL(fileURLWithPath: "/tmp").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
