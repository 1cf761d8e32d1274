/// A rectangle of cells: `row`/`col` of its top-left corner and its size.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    /// The top row.
    public var row: Int
    /// The left column.
    public var col: Int
    /// Width in columns.
    public var width: Int
    /// Height in rows.
    public var height: Int

    /// Creates a rectangle; negative sizes are clamped to zero.
    public init(row: Int, col: Int, width: Int, height: Int) {
        self.row = row
        self.col = col
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The row just below the rectangle.
    public var bottom: Int { row + height }
    /// The column just right of the rectangle.
    public var right: Int { col + width }
    /// True when the rectangle holds no cell.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The rectangle shrunk by `n` cells on every side (a box's interior for n = 1).
    public func inset(by n: Int) -> Rect {
        Rect(row: row + n, col: col + n, width: width - 2 * n, height: height - 2 * n)
    }

    /// Splits off the top `n` rows: (top, rest).
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (
            Rect(row: row, col: col, width: width, height: h),
            Rect(row: row + h, col: col, width: width, height: height - h)
        )
    }

    /// Splits off the left `n` columns: (left, rest).
    public func splitLeft(_ n: Int) -> (Rect, Rect) {
        let w = min(max(0, n), width)
        return (
            Rect(row: row, col: col, width: w, height: height),
            Rect(row: row, col: col + w, width: width - w, height: height)
        )
    }

    public var description: String { "\(width)x\(height)@\(row),\(col)" }
}

/// A terminal size in cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    /// Width in columns.
    public var width: Int
    /// Height in rows.
    public var height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var description: String { "\(width)x\(height)" }
}
