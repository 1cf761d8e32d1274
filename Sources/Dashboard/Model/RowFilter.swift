import Traffic

/// A pane filter typed after `/`: space-separated terms that must all match.
///
/// A term is an HTTP method (`GET`), a status class or code (`4xx`, `404`), a listener (`L1`, `unix`, `tcp`),
/// a phase (`held`, `live`), or anything else as a case-insensitive substring of the path (routes: template or
/// handler; listeners: address; jobs: name). `key:value` forms (`method:`, `status:`, `listener:`, `path:`) force
/// a term's meaning.
public struct RowFilter: Sendable, Equatable {
    /// One parsed term.
    public enum Term: Sendable, Equatable {
        case method(String)
        case statusClass(Int)
        case status(Int)
        case listener(String)
        case phase(live: Bool)
        case text(String)
    }

    /// The text as typed.
    public let text: String
    /// The parsed terms.
    public let terms: [Term]

    static let methods: Set<String> = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]

    /// Parses a filter; an empty text matches everything.
    public init(_ text: String) {
        self.text = text
        self.terms = text.split(separator: " ").map { Self.parse(String($0)) }
    }

    /// True when the filter has no terms.
    public var isEmpty: Bool { terms.isEmpty }

    static func parse(_ word: String) -> Term {
        let lower = word.lowercased()
        if let colon = lower.firstIndex(of: ":"), colon != lower.startIndex {
            let key = lower[..<colon]
            let value = String(word[word.index(after: colon)...])
            switch key {
            case "method", "m": return .method(value.uppercased())
            case "status", "s": return parseStatus(value.lowercased()) ?? .text(value.lowercased())
            case "listener", "l": return .listener(value.lowercased())
            case "path", "p": return .text(value.lowercased())
            default: break
            }
        }
        if methods.contains(word.uppercased()) && word == word.uppercased() { return .method(word.uppercased()) }
        if let status = parseStatus(lower) { return status }
        if lower == "held" || lower == "live" { return .phase(live: lower == "live") }
        if lower == "unix" || lower == "tcp" || lower == "fd" { return .listener(lower) }
        if lower.count >= 2, lower.first == "l", Int(lower.dropFirst()) != nil { return .listener(lower) }
        return .text(lower)
    }

    static func parseStatus(_ lower: String) -> Term? {
        if lower.count == 3, lower.hasSuffix("xx"), let d = lower.first?.wholeNumberValue, (1...5).contains(d) {
            return .statusClass(d)
        }
        if lower.count == 3, let code = Int(lower), (100...599).contains(code) { return .status(code) }
        return nil
    }

    /// Whether a logged request passes the filter.
    public func matches(_ r: RequestRecord, listener: ListenerRecord?) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .method(let m): return r.method == m
            case .statusClass(let d): return r.status.map { $0 / 100 == d } ?? false
            case .status(let code): return r.status == code
            case .listener(let l): return Self.listenerMatches(l, id: r.listener, record: listener)
            case .phase(let live): return live ? r.isLive : r.phase == .held
            case .text(let t): return r.uri.lowercased().contains(t) || (r.route?.lowercased().contains(t) ?? false)
            }
        }
    }

    /// Whether a route passes the filter.
    public func matches(_ route: RouteRecord) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .method(let m): return route.method == m
            case .text(let t):
                return route.template.lowercased().contains(t) || route.handler.lowercased().contains(t)
            case .statusClass, .status: return route.errors > 0
            case .listener, .phase: return true
            }
        }
    }

    /// Whether a listener passes the filter.
    public func matches(_ listener: ListenerRecord) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .listener(let l): return Self.listenerMatches(l, id: listener.id, record: listener)
            case .text(let t): return listener.url.lowercased().contains(t) || listener.boundAddress.lowercased().contains(t)
            case .phase(let live): return live ? listener.activeConnections > 0 : listener.heldRequests > 0
            case .method, .statusClass, .status: return true
            }
        }
    }

    /// Whether a job passes the filter.
    public func matches(_ job: JobRecord) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .text(let t): return job.name.lowercased().contains(t) || job.args.joined(separator: " ").lowercased().contains(t)
            default: return true
            }
        }
    }

    static func listenerMatches(_ term: String, id: ListenerID, record: ListenerRecord?) -> Bool {
        if term == id.description.lowercased() { return true }
        guard let record else { return false }
        return record.proto == term || record.url.lowercased().contains(term)
            || record.boundAddress.lowercased().contains(term)
    }
}
