/// An API version such as `1.41`, compared component by component (`1.9 < 1.14`, `1.14 == 1.14.0`).
public struct APIVersion: Sendable, Comparable, CustomStringConvertible {
    public let components: [Int]
    public let text: String

    /// Parses `1.41`; nil when a component is not a number.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return nil }
        var components: [Int] = []
        for part in parts {
            guard let n = Int(part) else { return nil }
            components.append(n)
        }
        self.components = components
        self.text = text
    }

    public var description: String { text }

    public static func == (a: APIVersion, b: APIVersion) -> Bool { compare(a, b) == 0 }
    public static func < (a: APIVersion, b: APIVersion) -> Bool { compare(a, b) < 0 }

    private static func compare(_ a: APIVersion, _ b: APIVersion) -> Int {
        for i in 0..<max(a.components.count, b.components.count) {
            let x = i < a.components.count ? a.components[i] : 0
            let y = i < b.components.count ? b.components[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
