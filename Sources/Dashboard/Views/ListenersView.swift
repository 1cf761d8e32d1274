import Foundation
import Traffic

/// The Listeners pane: one row per `-H` address with its TLS mode (and failed handshakes), socket permissions,
/// state, held requests, open connections, total requests and a req/s sparkline.
enum ListenersView {
    static let columns = [
        TableColumn(title: "ID", width: 3, dropOrder: 4),
        TableColumn(title: "PROTO", width: 5),
        TableColumn(title: "ADDRESS", width: 16, flex: 3),
        TableColumn(title: "TLS", width: 10),
        TableColumn(title: "UNIX", width: 11, dropOrder: 3),
        TableColumn(title: "STATE", width: 10),
        TableColumn(title: "HELD", width: 4, alignment: .right),
        TableColumn(title: "CONN", width: 4, alignment: .right, dropOrder: 2),
        TableColumn(title: "REQS", width: 6, alignment: .right),
        TableColumn(title: "REQ/S", width: 10, flex: 2, dropOrder: 1),
    ]

    static func draw(
        in rect: Rect, model: DashboardModel, snapshot s: TrafficSnapshot, now: Date, theme: Theme,
        into grid: inout CellGrid
    ) {
        let focused = model.focus == .listeners
        let rows = model.listenerRows(s)
        let filter = model.filter(for: .listeners)
        let note = filter.isEmpty ? [] : [TextSegment("/\(filter.text)", theme.warning)]
        let inner = Box.draw(rect, title: "1 Listeners", note: note, focused: focused, theme: theme, into: &grid)
        let widths = Table.fit(columns, width: inner.width)
        let sparkWidth = widths.last ?? 0
        let table = Table(
            columns: columns,
            rows: rows.map { row($0, sparkWidth: sparkWidth, now: now, theme: theme) },
            window: model.window(.listeners, s), focused: focused)
        table.draw(in: inner, theme: theme, into: &grid)
        if rows.isEmpty, inner.height > 1 {
            grid.put(s.listeners.isEmpty ? "no listener yet" : "no listener matches the filter",
                     row: inner.row + 1, col: inner.col, style: theme.dim, maxWidth: inner.width)
        }
    }

    static func row(_ l: ListenerRecord, sparkWidth: Int, now: Date, theme: Theme) -> [[TextSegment]] {
        let tls: TextSegment
        switch l.tls {
        case .none: tls = TextSegment("-", theme.dim)
        case .tls: tls = TextSegment("tls", theme.accent)
        case .verify: tls = TextSegment("verify", theme.activeText)
        }
        let unix = l.proto == "unix" || l.unixMode != nil
            ? [l.unixMode, l.unixGroup].compactMap { $0 }.joined(separator: " ") : "-"
        let spark = Sparkline.render(l.requestRate.series(at: now), width: sparkWidth, levels: theme.sparkLevels)
        return [
            [TextSegment(l.id.description, theme.dim)],
            [TextSegment(l.proto)],
            [TextSegment(l.boundAddress.isEmpty ? l.address : l.boundAddress, theme.bold)],
            l.handshakeFailures > 0
                ? [tls, TextSegment(" \(theme.statusSymbol(500))\(l.handshakeFailures)", theme.error)] : [tls],
            [TextSegment(unix.isEmpty ? "-" : unix)],
            [state(l.state, theme: theme)],
            [TextSegment("\(l.heldRequests)", l.heldRequests > 0 ? theme.held : .plain)],
            [TextSegment("\(l.activeConnections)")],
            [TextSegment("\(l.totalRequests)")],
            [TextSegment(spark, theme.accent)],
        ]
    }

    static func state(_ state: ListenerState, theme: Theme) -> TextSegment {
        switch state {
        case .starting: return TextSegment("starting", theme.dim)
        case .listening: return TextSegment("listening", theme.activeText)
        case .holding: return TextSegment("HOLDING", theme.warning)
        case .backlogged: return TextSegment("BACKLOG", theme.error)
        case .error(let message): return TextSegment("error: \(message)", theme.error)
        case .closed: return TextSegment("closed", theme.dim)
        }
    }
}
