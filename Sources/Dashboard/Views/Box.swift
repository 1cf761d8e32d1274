/// Draws a pane's frame: a border with the title (and an optional note on the right) in the top line.
enum Box {
    /// Draws the frame of `rect` and returns its interior.
    @discardableResult
    static func draw(
        _ rect: Rect, title: String, note: [TextSegment] = [], footer: String = "", focused: Bool,
        theme: Theme, into grid: inout CellGrid
    ) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(row: rect.row, col: rect.col, width: 0, height: 0) }
        let b = theme.box
        let style = focused ? theme.focusedBorder : theme.border
        let horizontal = String(repeating: b.h, count: rect.width - 2)
        grid.put(String(b.tl) + horizontal + String(b.tr), row: rect.row, col: rect.col, style: style)
        grid.put(String(b.bl) + horizontal + String(b.br), row: rect.bottom - 1, col: rect.col, style: style)
        for row in (rect.row + 1)..<(rect.bottom - 1) {
            grid.put(String(b.v), row: row, col: rect.col, style: style)
            grid.put(String(b.v), row: row, col: rect.right - 1, style: style)
        }
        let titleText = " \(title) "
        let written = grid.put(
            titleText, row: rect.row, col: rect.col + 1, style: focused ? theme.focusedTitle : theme.title,
            maxWidth: rect.width - 2)
        let noteWidth = note.reduce(0) { $0 + $1.width }
        if noteWidth > 0, written + noteWidth + 4 <= rect.width {
            grid.put(note, row: rect.row, col: rect.right - 2 - noteWidth, maxWidth: noteWidth)
        }
        if !footer.isEmpty, footer.count + 4 <= rect.width {
            grid.put(" \(footer) ", row: rect.bottom - 1, col: rect.right - 3 - footer.count, style: theme.dim)
        }
        return rect.inset(by: 1)
    }
}
