/// A column of a table view.
struct TableColumn {
    enum Alignment { case left, right }

    var title: String
    /// The width the column needs (flexible columns grow beyond it).
    var width: Int
    /// Share of the spare width this column takes (0: fixed).
    var flex: Int = 0
    var alignment: Alignment = .left
    /// Columns with a higher number are dropped first when the pane is too narrow (0: never dropped).
    var dropOrder: Int = 0
}

/// Draws rows under a header line, with a selection bar and scrolling, fitting columns to the width.
struct Table {
    var columns: [TableColumn]
    /// One segment list per column, per row.
    var rows: [[[TextSegment]]]
    var window: ScrollWindow
    var focused: Bool

    /// The widths given to each column (0 for a dropped column) for an interior `width` columns wide.
    static func fit(_ columns: [TableColumn], width: Int) -> [Int] {
        var kept = Array(repeating: true, count: columns.count)
        func needed() -> Int {
            zip(columns, kept).filter { $0.1 }.reduce(0) { $0 + $1.0.width + 1 } - 1
        }
        let order = columns.indices.filter { columns[$0].dropOrder > 0 }.sorted {
            columns[$0].dropOrder > columns[$1].dropOrder
        }
        for index in order where needed() > width { kept[index] = false }
        var widths = columns.indices.map { kept[$0] ? columns[$0].width : 0 }
        var spare = width - needed()
        let flexTotal = columns.indices.filter { kept[$0] }.reduce(0) { $0 + columns[$1].flex }
        if spare > 0 && flexTotal > 0 {
            let share = spare
            for index in columns.indices where kept[index] && columns[index].flex > 0 {
                let extra = share * columns[index].flex / flexTotal
                widths[index] += extra
                spare -= extra
            }
            if let last = columns.indices.last(where: { kept[$0] && columns[$0].flex > 0 }) { widths[last] += spare }
        } else if spare < 0, let last = columns.indices.last(where: { kept[$0] }) {
            // Narrower than even the kept columns: the last one gives way.
            widths[last] = max(0, widths[last] + spare)
        }
        return widths
    }

    func draw(in rect: Rect, theme: Theme, into grid: inout CellGrid) {
        guard rect.height > 0, rect.width > 0 else { return }
        let widths = Self.fit(columns, width: rect.width)
        var col = rect.col
        for (index, column) in columns.enumerated() where widths[index] > 0 {
            let title = Format.fit(column.title, widths[index], ellipsis: theme.ellipsis)
            let x = column.alignment == .right ? col + widths[index] - title.count : col
            grid.put(title, row: rect.row, col: x, style: theme.tableHeader, maxWidth: widths[index])
            col += widths[index] + 1
        }
        let body = Rect(row: rect.row + 1, col: rect.col, width: rect.width, height: rect.height - 1)
        for line in 0..<body.height {
            let index = window.top + line
            guard index < rows.count else { break }
            let row = body.row + line
            var x = body.col
            for (c, column) in columns.enumerated() where widths[c] > 0 {
                drawCell(rows[index][c], column: column, width: widths[c], row: row, col: x, theme: theme, grid: &grid)
                x += widths[c] + 1
            }
            if index == window.selected {
                let bar = Rect(row: row, col: body.col, width: body.width, height: 1)
                let selection = focused ? theme.selection : theme.unfocusedSelection
                grid.restyle(bar) { $0.with(selection.attributes) }
            }
        }
    }

    private func drawCell(
        _ segments: [TextSegment], column: TableColumn, width: Int, row: Int, col: Int, theme: Theme,
        grid: inout CellGrid
    ) {
        let total = segments.reduce(0) { $0 + $1.width }
        if total <= width {
            let x = column.alignment == .right ? col + width - total : col
            grid.put(segments, row: row, col: x, maxWidth: width)
            return
        }
        // Too long: cut the text and mark the cut, keeping the first segment's style.
        let text = segments.map(\.text).joined()
        grid.put(Format.fit(text, width, ellipsis: theme.ellipsis), row: row, col: col,
                 style: segments.first?.style ?? .plain, maxWidth: width)
    }
}
