import Foundation

/// A gorilla/mux path template such as `/v{version:[0-9.]+}/containers/{name:.*}/json`, compiled for fast
/// matching. `{var}` matches one segment (`[^/]+`); `{var:pattern}` matches the pattern, and `{name:.*}` may
/// span slashes, greedily, as in mux.
public struct PathTemplate: Sendable, CustomStringConvertible {
    enum Matcher: Sendable {
        /// `.*`: anything, slashes included (greedy, with backtracking).
        case anything
        /// `[^/]+` (mux's default): one non-empty segment.
        case segment
        /// `[0-9.]+`: a version number.
        case version
        /// Any other pattern, checked with a regular expression anchored on both ends.
        case pattern(String)
    }

    enum Token: Sendable {
        case literal([UInt8])
        case variable(name: String, matcher: Matcher)
    }

    /// Why a template could not be compiled.
    public struct InvalidTemplate: Error, CustomStringConvertible {
        public let template: String
        public let reason: String
        public var description: String { "invalid route template \(template): \(reason)" }
    }

    /// The template as written.
    public let template: String
    let tokens: [Token]

    public init(_ template: String) throws {
        self.template = template
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            if character == "{" {
                guard let close = Self.matchingBrace(in: template, from: index) else {
                    throw InvalidTemplate(template: template, reason: "unbalanced braces")
                }
                if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
                let inner = template[template.index(after: index)..<close]
                let (name, pattern) = inner.firstIndex(of: ":").map {
                    (String(inner[..<$0]), String(inner[inner.index(after: $0)...]))
                } ?? (String(inner), "[^/]+")
                guard !name.isEmpty else { throw InvalidTemplate(template: template, reason: "empty variable name") }
                let matcher: Matcher
                switch pattern {
                case ".*": matcher = .anything
                case "[^/]+": matcher = .segment
                case "[0-9.]+": matcher = .version
                default:
                    guard (try? Regex("^(?:\(pattern))$")) != nil else {
                        throw InvalidTemplate(template: template, reason: "bad pattern \(pattern)")
                    }
                    matcher = .pattern(pattern)
                }
                tokens.append(.variable(name: name, matcher: matcher))
                index = template.index(after: close)
            } else {
                literal.append(contentsOf: String(character).utf8)
                index = template.index(after: index)
            }
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        self.tokens = tokens
    }

    public var description: String { template }

    /// The variables' values when `path` matches the whole template, else nil.
    public func match(_ path: String) -> [String: String]? {
        var path = path
        return path.withUTF8 { bytes -> [String: String]? in
            var vars: [String: String] = [:]
            return Self.match(tokens[...], bytes, 0, &vars) ? vars : nil
        }
    }

    private static func match(
        _ tokens: ArraySlice<Token>, _ path: UnsafeBufferPointer<UInt8>, _ position: Int, _ vars: inout [String: String]
    ) -> Bool {
        guard let token = tokens.first else { return position == path.count }
        let rest = tokens.dropFirst()
        switch token {
        case .literal(let bytes):
            guard path.count - position >= bytes.count else { return false }
            for i in 0..<bytes.count where path[position + i] != bytes[i] { return false }
            return match(rest, path, position + bytes.count, &vars)
        case .variable(let name, let matcher):
            // Greedy: try the longest candidate first, as a regex engine would.
            var end = maxEnd(matcher, path, position)
            while end >= position {
                if accepts(matcher, path, position, end) {
                    var attempt = vars
                    attempt[name] = String(decoding: UnsafeBufferPointer(rebasing: path[position..<end]), as: UTF8.self)
                    if match(rest, path, end, &attempt) {
                        vars = attempt
                        return true
                    }
                }
                end -= 1
            }
            return false
        }
    }

    /// The furthest a variable could reach.
    private static func maxEnd(_ matcher: Matcher, _ path: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        switch matcher {
        case .anything, .pattern: return path.count
        case .segment:
            var end = start
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            return end
        case .version:
            var end = start
            while end < path.count && (path[end] == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(path[end])) { end += 1 }
            return end
        }
    }

    private static func accepts(_ matcher: Matcher, _ path: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        switch matcher {
        case .anything: return true
        case .segment, .version: return end > start
        case .pattern(let pattern):
            let text = String(decoding: UnsafeBufferPointer(rebasing: path[start..<end]), as: UTF8.self)
            guard let regex = try? Regex("^(?:\(pattern))$") else { return false }
            return text.wholeMatch(of: regex) != nil
        }
    }

    private static func matchingBrace(in text: String, from open: String.Index) -> String.Index? {
        var depth = 0
        var index = open
        while index < text.endIndex {
            if text[index] == "{" { depth += 1 }
            if text[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
