import Errdefs
import Foundation

/// The query string of a request, decoded (`%XX`, `+` as space), with Docker's typed accessors.
public struct QueryParameters: Sendable {
    /// Every `name=value` pair in order; a name may repeat (`names=a&names=b`).
    public let pairs: [(name: String, value: String)]

    public init(uri: String) {
        guard let q = uri.utf8.firstIndex(of: UInt8(ascii: "?")) else {
            pairs = []
            return
        }
        pairs = uri[uri.index(after: q)...].split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            return (name, value)
        }
    }

    /// The first value of `name`, if present.
    public func string(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`.
    public func strings(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// True when `name` appears at all.
    public func has(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    /// Docker's boolean rule: `""`, `0`, `no`, `false`, `none` are false; missing is `defaultValue`.
    public func bool(_ name: String, default defaultValue: Bool = false) -> Bool {
        guard let raw = string(name) else { return defaultValue }
        let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
        return !["", "0", "no", "false", "none"].contains(value)
    }

    /// An integer parameter; missing or empty is nil, garbage is a 400.
    public func int(_ name: String) throws -> Int? {
        guard let raw = string(name), !raw.isEmpty else { return nil }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw DaemonError.invalidParameter("invalid value for \(name): \(raw) is not an integer")
        }
        return value
    }

    /// The `filters` parameter: a JSON object of `name → [values]` (also accepting `name → {value: true}`).
    public func filters() throws -> [String: [String]] {
        guard let raw = string("filters"), !raw.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any] else {
            throw DaemonError.invalidParameter("invalid filter: \(raw) is not a JSON object")
        }
        var result: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case let list as [String]: result[key] = list
            case let map as [String: Bool]: result[key] = map.filter(\.value).map(\.key).sorted()
            case let single as String: result[key] = [single]
            default: throw DaemonError.invalidParameter("invalid filter \(key): expected a list of strings")
            }
        }
        return result
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
