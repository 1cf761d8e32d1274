import Foundation

/// A route template as registered (`/containers/{name:.*}/json`): its variables and how to fill them.
public struct RouteTemplate: Sendable, Equatable {
    /// The template text.
    public let text: String

    /// Wraps a template.
    public init(_ text: String) { self.text = text }

    /// The variable names in order (`name` for `{name:.*}`).
    public var variables: [String] {
        pieces.compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
    }

    /// The path with each `{var}` replaced by its percent-encoded value (missing values stay as `{var}`).
    public func fill(_ values: [String: String]) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return pieces.map { piece in
            switch piece {
            case .literal(let text): return text
            case .variable(let name):
                guard let value = values[name], !value.isEmpty else { return "{\(name)}" }
                return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            }
        }.joined()
    }

    private enum Piece { case literal(String), variable(String) }

    private var pieces: [Piece] {
        var result: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { result.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                result.append(.literal(String(rest[open...])))
                return result
            }
            let inner = rest[rest.index(after: open)..<close]
            let name = inner.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            result.append(.variable(name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { result.append(.literal(String(rest))) }
        return result
    }
}
