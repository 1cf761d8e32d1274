import Foundation
import Traffic

/// The Jobs pane: engine jobs (`serveapi`, `acceptconnections`…) with args, status and times, and the env table
/// of the selected job, live.
enum JobsView {
    static let columns = [
        TableColumn(title: "JOB", width: 17),
        TableColumn(title: "ARGS", width: 10, flex: 1, dropOrder: 3),
        TableColumn(title: "STATUS", width: 9),
        TableColumn(title: "STARTED", width: 8, dropOrder: 2),
        TableColumn(title: "TIME", width: 7, alignment: .right, dropOrder: 1),
    ]

    static func draw(
        in rect: Rect, model: DashboardModel, snapshot s: TrafficSnapshot, now: Date, theme: Theme,
        into grid: inout CellGrid
    ) {
        let focused = model.focus == .jobs
        let rows = model.jobRows(s)
        let filter = model.filter(for: .jobs)
        let note = filter.isEmpty ? [] : [TextSegment("/\(filter.text)", theme.warning)]
        let inner = Box.draw(rect, title: "4 Jobs", note: note, focused: focused, theme: theme, into: &grid)
        guard inner.height > 0 else { return }
        let listHeight = min(inner.height, model.layout(s).visibleRows(.jobs) + 1)
        let (list, rest) = inner.splitTop(listHeight)
        Table(columns: columns, rows: rows.map { row($0, now: now, theme: theme) }, window: model.window(.jobs, s),
              focused: focused).draw(in: list, theme: theme, into: &grid)
        if rows.isEmpty {
            grid.put("no job has run yet", row: list.row + min(1, list.height - 1), col: list.col, style: theme.dim,
                     maxWidth: list.width)
        }
        guard let job = model.selectedJob(s), rest.height >= 2 else { return }
        grid.put(TextDocument.heading("env of \(job.name)", theme: theme), row: rest.row, col: rest.col, maxWidth: rest.width)
        let envRows = rest.height - 1
        let keyWidth = min(max(8, (job.env.map(\.name.count).max() ?? 0)), rest.width / 2)
        for (index, field) in job.env.prefix(envRows).enumerated() {
            let row = rest.row + 1 + index
            if index == envRows - 1 && job.env.count > envRows {
                grid.put("\(theme.ellipsis) \(job.env.count - envRows + 1) more (z zooms)", row: row, col: rest.col,
                         style: theme.dim, maxWidth: rest.width)
                break
            }
            grid.put(Format.fit(field.name, keyWidth, ellipsis: theme.ellipsis), row: row, col: rest.col,
                     style: theme.accent, maxWidth: keyWidth)
            grid.put(field.value, row: row, col: rest.col + keyWidth + 1, maxWidth: rest.width - keyWidth - 1)
        }
        if job.env.isEmpty {
            grid.put("(empty env)", row: rest.row + 1, col: rest.col, style: theme.dim, maxWidth: rest.width)
        }
    }

    static func row(_ job: JobRecord, now: Date, theme: Theme) -> [[TextSegment]] {
        let status: TextSegment
        switch job.status {
        case .running: status = TextSegment("running", theme.live)
        case .ok: status = TextSegment("\(theme.statusSymbol(200)) ok", theme.activeText)
        case .failed(let code, let message): status = TextSegment("\(theme.statusSymbol(500)) \(code) \(message)", theme.error)
        }
        return [
            [TextSegment(job.name, theme.bold)],
            [TextSegment(job.args.joined(separator: " "))],
            [status],
            [TextSegment(Format.clock(job.started), theme.dim)],
            [TextSegment(Format.duration((job.ended ?? now).timeIntervalSince(job.started), unicode: theme.unicode))],
        ]
    }
}
