import Foundation

/// Docker's `units.HumanDuration`, as `docker ps` shows ages.
enum HumanDuration {
    static func text(_ seconds: TimeInterval) -> String {
        let s = Int(seconds)
        switch s {
        case ..<1: return "Less than a second"
        case 1: return "1 second"
        case ..<60: return "\(s) seconds"
        case ..<120: return "About a minute"
        case ..<3600: return "\(s / 60) minutes"
        case ..<7200: return "About an hour"
        case ..<(48 * 3600): return "\(s / 3600) hours"
        case ..<(7 * 24 * 3600 * 2): return "\(s / (24 * 3600)) days"
        case ..<(30 * 24 * 3600 * 3): return "\(s / (7 * 24 * 3600)) weeks"
        case ..<(365 * 24 * 3600 * 2): return "\(s / (30 * 24 * 3600)) months"
        default: return "\(s / (365 * 24 * 3600)) years"
        }
    }

    /// The `Status` column for a container state.
    static func status(_ state: ContainerState, now: Date = Date()) -> String {
        switch state.Status {
        case .created: return "Created"
        case .running, .restarting:
            let up = "Up \(text(now.timeIntervalSince(state.StartedAt ?? now)))"
            return state.Status == .restarting ? "Restarting (\(state.ExitCode)) \(up)" : up
        case .paused: return "Up \(text(now.timeIntervalSince(state.StartedAt ?? now))) (Paused)"
        case .removing: return "Removal In Progress"
        case .dead: return "Dead"
        case .exited:
            guard let finished = state.FinishedAt else { return "Exited (\(state.ExitCode))" }
            return "Exited (\(state.ExitCode)) \(text(now.timeIntervalSince(finished))) ago"
        }
    }
}
