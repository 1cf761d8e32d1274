import Foundation

/// A job's environment: an ordered list of `key=value` strings, as in Docker 1.2's engine.
///
/// `setenv` appends and never replaces; `getenv` returns the last value set for a key. Booleans follow
/// Docker's rule: `""`, `0`, `no`, `false` and `none` (any case, surrounding blanks ignored) are false,
/// everything else is true.
public struct Env: Sendable, Equatable, CustomStringConvertible {
    /// The raw `key=value` entries in the order they were set.
    public private(set) var entries: [String] = []

    public init() {}

    /// Creates an env from `key=value` entries (entries without `=` are kept but never read).
    public init(entries: [String]) { self.entries = entries }

    /// Appends `key=value`.
    public mutating func set(_ key: String, _ value: String) { entries.append("\(key)=\(value)") }

    /// The last value set for `key`, or `""`.
    public func get(_ key: String) -> String { lookup(key) ?? "" }

    /// True when `key` was set at all (even to `""`).
    public func exists(_ key: String) -> Bool { lookup(key) != nil }

    /// Stores `1` or `0`.
    public mutating func setBool(_ key: String, _ value: Bool) { set(key, value ? "1" : "0") }

    /// Docker's GetenvBool.
    public func getBool(_ key: String) -> Bool { Env.parseBool(get(key)) }

    /// Stores the decimal text.
    public mutating func setInt(_ key: String, _ value: Int) { set(key, String(value)) }

    /// The value parsed as a base-10 integer; 0 when missing or unparsable (`"1.5"` is 0), as in Docker.
    public func getInt(_ key: String) -> Int {
        Int(get(key).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    /// Stores the list as a JSON array.
    public mutating func setList(_ key: String, _ value: [String]) {
        let data = (try? JSONEncoder().encode(value)) ?? Data("[]".utf8)
        set(key, String(decoding: data, as: UTF8.self))
    }

    /// A JSON array value decoded; a non-array value is a one-element list; missing or empty is `[]`.
    public func getList(_ key: String) -> [String] {
        let raw = get(key)
        guard !raw.isEmpty else { return [] }
        if let list = try? JSONDecoder().decode([String].self, from: Data(raw.utf8)) { return list }
        return [raw]
    }

    /// Each key once, with its last value, in the order keys first appeared.
    public var pairs: [(key: String, value: String)] {
        var order: [String] = []
        var values: [String: String] = [:]
        for entry in entries {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            let key = String(entry[..<eq])
            if values[key] == nil { order.append(key) }
            values[key] = String(entry[entry.index(after: eq)...])
        }
        return order.map { ($0, values[$0]!) }
    }

    public var description: String { entries.joined(separator: " ") }

    /// Docker's boolean rule for env values and query parameters.
    public static func parseBool(_ raw: String) -> Bool {
        let value = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()
        return !["", "0", "no", "false", "none"].contains(value)
    }

    private func lookup(_ key: String) -> String? {
        let prefix = key + "="
        for entry in entries.reversed() where entry.hasPrefix(prefix) {
            return String(entry.dropFirst(prefix.count))
        }
        return nil
    }
}
