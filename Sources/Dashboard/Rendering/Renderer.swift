/// Puts grids on a `Terminal`, sending only the runs of cells that changed since the last frame.
///
/// No clear-and-redraw: an unchanged cell is never sent again, so the screen does not flicker, and a frame
/// where nothing changed costs no terminal output at all.
public struct Renderer {
    private var last: CellGrid?
    /// How many runs the last `render` sent (for tests and measurements).
    public private(set) var lastRunCount = 0
    /// How many cells the last `render` sent.
    public private(set) var lastCellCount = 0

    /// Creates a renderer that will draw its first frame in full.
    public init() {}

    /// Forgets the last frame, so the next one is drawn in full (after a resize or a suspend).
    public mutating func invalidate() { last = nil }

    /// Draws `grid`, sending only the differences from the previous frame, then flushes.
    public mutating func render(_ grid: CellGrid, on terminal: some Terminal) {
        let previous = (last?.size == grid.size) ? last : nil
        var runs = 0
        var cellsSent = 0
        for row in 0..<grid.height {
            var col = 0
            while col < grid.width {
                let cell = grid[row, col]
                if let previous, previous[row, col] == cell {
                    col += 1
                    continue
                }
                // A run continues while cells keep the same style and differ from the previous frame.
                var text = String.UnicodeScalarView([cell.scalar])
                var end = col + 1
                while end < grid.width {
                    let next = grid[row, end]
                    guard next.style == cell.style else { break }
                    if let previous, previous[row, end] == next { break }
                    text.append(next.scalar)
                    end += 1
                }
                terminal.draw(String(text), row: row, col: col, style: cell.style)
                runs += 1
                cellsSent += end - col
                col = end
            }
        }
        if runs > 0 || previous == nil { terminal.flush() }
        lastRunCount = runs
        lastCellCount = cellsSent
        last = grid
    }
}
