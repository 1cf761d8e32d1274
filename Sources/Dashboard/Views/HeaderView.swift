import Foundation
import Traffic

/// The two status rows: who the daemon is and how to reach it, then the activation state (loud), buffering,
/// the active filter and follow/paused.
enum HeaderView {
    static func draw(
        in rect: Rect, model: DashboardModel, snapshot s: TrafficSnapshot, now: Date, theme: Theme,
        into grid: inout CellGrid
    ) {
        grid.put(identityLine(s, theme: theme), row: rect.row, col: rect.col, maxWidth: rect.width)
        grid.put(statusLine(model, s, now: now, theme: theme), row: rect.row + 1, col: rect.col, maxWidth: rect.width)
    }

    static func identityLine(_ s: TrafficSnapshot, theme: Theme) -> [TextSegment] {
        let sep = TextSegment(theme.separator, theme.dim)
        guard let id = s.identity else { return [TextSegment(" daemon-tui", theme.bold), sep, TextSegment("starting…")] }
        var line = [
            TextSegment(" daemon-tui \(id.version)", theme.bold), sep, TextSegment("API \(id.apiVersion)"), sep,
            TextSegment("pid \(id.pid)"), sep, TextSegment(id.dataRoot, theme.dim),
        ]
        if let host = id.dockerHost {
            line += [sep, TextSegment("export DOCKER_HOST=\(host)", theme.accent)]
        }
        return line
    }

    /// The activation banner: `HOLDING 3 requests, oldest 4.2s` or `ACTIVE since 12:01:07`.
    static func activationText(_ s: TrafficSnapshot, now: Date) -> String {
        if s.activation.holding {
            let held = s.heldRequests
            guard let oldest = held.first else { return "HOLDING · requests wait for activation (a)" }
            let age = now.timeIntervalSince(oldest.stages.held ?? oldest.stages.accepted)
            return "HOLDING \(held.count) request\(held.count == 1 ? "" : "s"), oldest \(Format.age(age))"
        }
        guard let since = s.activation.activeSince else { return "ACTIVE" }
        return "ACTIVE since \(Format.clock(since))"
    }

    static func statusLine(_ model: DashboardModel, _ s: TrafficSnapshot, now: Date, theme: Theme) -> [TextSegment] {
        let sep = TextSegment(theme.separator, theme.dim)
        let holding = s.activation.holding
        var line = [
            TextSegment(" "),
            TextSegment(" \(activationText(s, now: now)) ", holding ? theme.holdingText : theme.activeText.with(.reverse)),
            TextSegment("  buffering ", theme.dim),
            TextSegment(s.activation.bufferingEnabled ? "ON" : "off", s.activation.bufferingEnabled ? theme.warning : .plain),
        ]
        if let draft = model.filterDraft {
            line += [sep, TextSegment("filter \(model.focus.title): ", theme.bold), TextSegment("/\(draft)_", theme.warning)]
        } else if let filter = model.filters[model.focus], !filter.isEmpty {
            line += [sep, TextSegment("filter \(model.focus.title): ", theme.dim), TextSegment(filter.text, theme.warning)]
        } else if let other = Pane.allCases.first(where: { !(model.filters[$0]?.isEmpty ?? true) }) {
            line += [sep, TextSegment("filter \(other.title): ", theme.dim), TextSegment(model.filters[other]!.text, theme.warning)]
        }
        line.append(sep)
        if model.following {
            line.append(TextSegment("FOLLOW", theme.activeText))
        } else {
            line.append(TextSegment("PAUSED\(theme.separator)\(model.newRequestCount(s)) new (End: live)", theme.warning))
        }
        if s.droppedRequests > 0 { line += [sep, TextSegment("dropped \(s.droppedRequests)", theme.dim)] }
        return line
    }
}
