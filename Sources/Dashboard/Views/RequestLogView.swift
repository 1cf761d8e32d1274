import Foundation
import Traffic

/// The request log: one row per request, live rows (held, in flight, streaming, hijacked) updating in place.
enum RequestLogView {
    static let columns = [
        TableColumn(title: "TIME", width: 8, dropOrder: 3),
        TableColumn(title: "L", width: 3, dropOrder: 4),
        TableColumn(title: "PEER", width: 15, dropOrder: 6),
        TableColumn(title: "METHOD", width: 6),
        TableColumn(title: "PATH", width: 24, flex: 3),
        TableColumn(title: "ROUTE", width: 16, flex: 2, dropOrder: 5),
        TableColumn(title: "STATUS", width: 10),
        TableColumn(title: "DUR", width: 7, alignment: .right),
        TableColumn(title: "BYTES", width: 6, alignment: .right, dropOrder: 2),
    ]

    static func draw(
        in rect: Rect, model: DashboardModel, snapshot s: TrafficSnapshot, now: Date, theme: Theme,
        into grid: inout CellGrid
    ) {
        let focused = model.focus == .requests
        let rows = model.requestRows(s)
        let filter = model.filter(for: .requests)
        var note: [TextSegment] = []
        if !filter.isEmpty { note.append(TextSegment("/\(filter.text) ", theme.warning)) }
        if model.following {
            note.append(TextSegment("FOLLOW", theme.activeText))
        } else {
            note.append(TextSegment("PAUSED\(theme.separator)\(model.newRequestCount(s)) new", theme.warning))
        }
        let window = model.window(.requests, keys: rows.keys, s)
        var footer = window.selected.map { "\($0 + 1)/\(rows.count)" } ?? "0/0"
        if s.droppedRequests > 0 { footer += "\(theme.separator)dropped \(s.droppedRequests)" }
        let inner = Box.draw(
            rect, title: "3 Requests", note: note, footer: footer, focused: focused, theme: theme, into: &grid)
        let visible = rows[window.top..<min(rows.count, window.top + window.visible)]
        // Only visible rows are formatted: the history may hold thousands.
        var cells = Array(repeating: [[TextSegment]](), count: rows.count)
        for index in visible.indices { cells[index] = row(rows[index], now: now, theme: theme) }
        Table(columns: columns, rows: cells, window: window, focused: focused).draw(in: inner, theme: theme, into: &grid)
        if rows.isEmpty, inner.height > 1 {
            let message = s.requests.isEmpty
                ? "no requests yet \(theme.separator) try: curl --unix-socket PATH http://localhost/version"
                : "no request matches the filter (Esc clears it)"
            grid.put(message, row: inner.row + 1, col: inner.col, style: theme.dim, maxWidth: inner.width)
        }
    }

    static func row(_ r: RequestRecord, now: Date, theme: Theme) -> [[TextSegment]] {
        let bytes = r.responseBytes + r.hijackedBytesIn + r.hijackedBytesOut
        let liveStyle = r.isLive ? theme.live : CellStyle.plain
        return [
            [TextSegment(Format.clock(r.stages.accepted), theme.dim)],
            [TextSegment(r.listener.description, theme.dim)],
            [TextSegment(r.peer, theme.dim)],
            [TextSegment(r.method, theme.method)],
            [TextSegment(r.uri)],
            [TextSegment(r.route ?? (r.stages.dispatched == nil ? "" : "-"), theme.dim)],
            [status(r, theme: theme)],
            [TextSegment(Format.duration(r.duration(now: now), unicode: theme.unicode), liveStyle)],
            [TextSegment(Format.bytes(bytes), liveStyle)],
        ]
    }

    /// The status cell: a symbol and the code (or the live phase), so colour is never the only cue.
    static func status(_ r: RequestRecord, theme: Theme) -> TextSegment {
        switch r.phase {
        case .held: return TextSegment(theme.unicode ? "‖ HELD" : "H HELD", theme.held)
        case .inFlight: return TextSegment(theme.unicode ? "… wait" : "~ wait", theme.live)
        case .streaming: return TextSegment("\(theme.unicode ? "»" : ">") \(r.status ?? 200) live", theme.live)
        case .hijacked: return TextSegment("\(theme.statusSymbol(101)) 101 raw", theme.live)
        case .done:
            guard let code = r.status else { return TextSegment("\(theme.statusSymbol(500)) ---", theme.error) }
            return TextSegment("\(theme.statusSymbol(code)) \(code)", theme.status(code))
        }
    }
}
