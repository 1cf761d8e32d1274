import Errdefs
import Foundation

/// The `filters` of `GET /containers/json` that daemon-tui understands, checked (an unknown key or a bad
/// value is a 400, as dockerd).
public struct ContainerListFilters: Sendable {
    var ids: [String] = []
    var names: [String] = []
    var statuses: [ContainerStatus] = []
    var labels: [String] = []
    var ancestors: [String] = []
    var exitCodes: [Int32] = []
    var before: String?
    var since: String?
    var networks: [String] = []
    /// A filter on something no container here has (health checks, volumes, published or exposed ports,
    /// swarm tasks): it matches nothing.
    var matchesNone = false

    /// No filters.
    public static let none = ContainerListFilters()

    /// No filters.
    public init() {}

    /// Parses the decoded `filters` JSON (`{"status": ["exited"], …}`).
    public init(_ filters: [String: [String]]) throws {
        for (key, values) in filters {
            switch key {
            case "id": ids = values
            case "name": names = values
            case "label": labels = values
            case "ancestor": ancestors = values
            case "status":
                statuses = try values.map { value in
                    guard let status = ContainerStatus(rawValue: value) else {
                        throw DaemonError.invalidParameter("invalid filter 'status=\(value)'")
                    }
                    return status
                }
            case "exited":
                exitCodes = try values.map { value in
                    guard let code = Int32(value) else { throw DaemonError.invalidParameter("invalid filter 'exited=\(value)'") }
                    return code
                }
            case "before": before = values.last
            case "since": since = values.last
            case "network": networks = values
            case "health", "volume", "publish", "expose": matchesNone = matchesNone || !values.isEmpty
            case "is-task":
                guard values.allSatisfy({ $0 == "true" || $0 == "false" }) else {
                    throw DaemonError.invalidParameter("invalid filter 'is-task=\(values.joined(separator: ","))'")
                }
                matchesNone = matchesNone || values.contains("true")
            default: throw DaemonError.invalidParameter("invalid filter '\(key)'")
            }
        }
    }

    /// Whether stopped containers are listed even without `all` (dockerd: `status`, `before`, `since`).
    var includesStopped: Bool { !statuses.isEmpty || before != nil || since != nil }

    /// The checks that need no other container (ancestors arrive resolved to image IDs).
    func matches(_ record: ContainerRecord, ancestorIDs: Set<String>) -> Bool {
        if matchesNone { return false }
        if !networks.isEmpty {
            let network = record.HostConfig.NetworkMode == "none" ? "none" : "host"
            if !networks.contains(network) { return false }
        }
        if !ids.isEmpty, !ids.contains(where: { record.ID.hasPrefix($0) }) { return false }
        if !names.isEmpty, !names.contains(where: { Self.nameMatches($0, record.shortName) }) { return false }
        if !statuses.isEmpty, !statuses.contains(record.State.Status) { return false }
        if !exitCodes.isEmpty, record.State.Status != .exited || !exitCodes.contains(record.State.ExitCode) { return false }
        if !ancestors.isEmpty, !ancestorIDs.contains(record.Image) { return false }
        let own = record.Config.Labels ?? [:]
        for label in labels {
            if let equals = label.firstIndex(of: "=") {
                if own[String(label[..<equals])] != String(label[label.index(after: equals)...]) { return false }
            } else if own[label] == nil {
                return false
            }
        }
        return true
    }

    /// dockerd matches names as regular expressions (so a plain word matches as a substring).
    static func nameMatches(_ pattern: String, _ name: String) -> Bool {
        if let regex = try? Regex(pattern) { return name.contains(regex) }
        return name.contains(pattern)
    }
}
