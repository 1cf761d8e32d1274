import Errdefs
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `filters` of `GET /images/json`, checked: `dangling` (true/false), `label` (`key` or `key=value`, all
/// must match), `before`/`since` (an image), `reference` (globs on the familiar name or name:tag, any may
/// match), `until` (Unix seconds or RFC 3339).
public struct ImageListFilters: Sendable {
    var dangling: Bool?
    var labels: [String] = []
    var before: [String] = []
    var since: [String] = []
    var references: [String] = []
    var until: GoTime?

    /// No filtering.
    public static let none = try! ImageListFilters()

    /// Parses the decoded `filters` JSON (`{"dangling":["true"]}` or `{"dangling":{"true":true}}` both reduce
    /// to `[String: [String]]`). Unknown keys and bad values are invalid-parameter errors.
    public init(_ filters: [String: [String]] = [:]) throws {
        for (key, values) in filters {
            switch key {
            case "dangling":
                for value in values {
                    switch value.lowercased() {
                    case "true", "1": dangling = true
                    case "false", "0": dangling = false
                    default: throw DaemonError.invalidParameter("invalid filter 'dangling=\(value)'")
                    }
                }
            case "label": labels = values
            case "before": before = values
            case "since": since = values
            case "reference": references = values
            case "until":
                guard let value = values.first else { continue }
                if let seconds = Double(value) {
                    until = GoTime(seconds: Int64(seconds), nanoseconds: Int32((seconds - seconds.rounded(.down)) * 1e9))
                } else if let time = GoTime(rfc3339: value) {
                    until = time
                } else {
                    throw DaemonError.invalidParameter("invalid filter 'until=\(value)'")
                }
            default:
                throw DaemonError.invalidParameter("invalid filter '\(key)'")
            }
        }
    }

    func matchesLabels(_ labels: [String: String]?) -> Bool {
        self.labels.allSatisfy { filter in
            guard let equals = filter.firstIndex(of: "=") else { return labels?[filter] != nil }
            return labels?[String(filter[..<equals])] == String(filter[filter.index(after: equals)...])
        }
    }

    /// Docker's `FamiliarMatch`: the glob against `name:tag` or against the name alone; `*` stops at `/`.
    static func referenceMatches(_ pattern: String, _ reference: ImageReference) -> Bool {
        fnmatch(pattern, reference.familiarString, FNM_PATHNAME) == 0 || fnmatch(pattern, reference.familiarName, FNM_PATHNAME) == 0
    }
}
