import Foundation
import Traffic

/// The Routes pane: method and template exactly as registered, handler, hits, errors, p50/p99.
enum RoutesView {
    static let columns = [
        TableColumn(title: "METHOD", width: 7),
        TableColumn(title: "TEMPLATE", width: 20),
        TableColumn(title: "HANDLER", width: 14, flex: 1, dropOrder: 2),
        TableColumn(title: "HITS", width: 5, alignment: .right),
        TableColumn(title: "ERR", width: 4, alignment: .right, dropOrder: 3),
        TableColumn(title: "P50", width: 7, alignment: .right, dropOrder: 1),
        TableColumn(title: "P99", width: 7, alignment: .right, dropOrder: 4),
    ]

    static func draw(
        in rect: Rect, model: DashboardModel, snapshot s: TrafficSnapshot, theme: Theme, into grid: inout CellGrid
    ) {
        let focused = model.focus == .routes
        let rows = model.routeRows(s)
        let filter = model.filter(for: .routes)
        var note = [TextSegment(model.routesByHits ? "by hits" : "registered order", theme.dim)]
        if !filter.isEmpty { note.insert(TextSegment("/\(filter.text) ", theme.warning), at: 0) }
        let window = model.window(.routes, s)
        let position = window.selected.map { "\($0 + 1)/\(rows.count)" } ?? "0/\(s.routes.count)"
        let inner = Box.draw(
            rect, title: "2 Routes", note: note, footer: position, focused: focused, theme: theme, into: &grid)
        // Templates are shown exactly as registered: their column is as wide as the longest one, others give way.
        var columns = Self.columns
        columns[1].width = min(48, max(columns[1].width, s.routes.map(\.template.count).max() ?? 0))
        Table(columns: columns, rows: rows.map { row($0, theme: theme) }, window: window, focused: focused)
            .draw(in: inner, theme: theme, into: &grid)
    }

    static func row(_ r: RouteRecord, theme: Theme) -> [[TextSegment]] {
        let p50 = r.latency.quantile(0.5).map { Format.duration($0, unicode: theme.unicode) } ?? "-"
        let p99 = r.latency.quantile(0.99).map { Format.duration($0, unicode: theme.unicode) } ?? "-"
        return [
            [TextSegment(r.method, theme.method)],
            [TextSegment(r.template)],
            [TextSegment(r.handler, theme.dim)],
            [TextSegment("\(r.hits)", r.hits > 0 ? theme.bold : theme.dim)],
            [TextSegment("\(r.errors)", r.errors > 0 ? theme.error : theme.dim)],
            [TextSegment(p50)],
            [TextSegment(p99)],
        ]
    }
}
