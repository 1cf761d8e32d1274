/// An in-memory screen: what views draw into and what the renderer diffs and tests read.
public struct CellGrid: Sendable, Equatable {
    /// The grid's size in cells.
    public let size: TerminalSize
    /// When true, every character outside printable ASCII is replaced as it is written (vt100-class terminals).
    public let asciiOnly: Bool
    private var cells: [Cell]

    /// A blank grid of `size`.
    public init(size: TerminalSize, asciiOnly: Bool = false) {
        self.size = size
        self.asciiOnly = asciiOnly
        self.cells = Array(repeating: .blank, count: size.width * size.height)
    }

    /// Columns.
    public var width: Int { size.width }
    /// Rows.
    public var height: Int { size.height }
    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(row: 0, col: 0, width: width, height: height) }

    /// The cell at (row, col); reads outside the grid return a blank cell, writes outside are ignored.
    public subscript(row: Int, col: Int) -> Cell {
        get {
            guard row >= 0, row < height, col >= 0, col < width else { return .blank }
            return cells[row * width + col]
        }
        set {
            guard row >= 0, row < height, col >= 0, col < width else { return }
            cells[row * width + col] = newValue
        }
    }

    /// Writes `text` starting at (row, col), clipped to `maxWidth` columns and to the grid.
    /// - Returns: the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, style: CellStyle = .plain, maxWidth: Int = .max)
        -> Int
    {
        guard row >= 0, row < height, maxWidth > 0 else { return 0 }
        var c = col
        // maxWidth is often .max: add without overflowing.
        let limit = maxWidth >= width ? width : min(width, col + maxWidth)
        for character in text {
            guard c < limit else { break }
            if c >= 0 {
                cells[row * width + c] = Cell(TextWidth.sanitize(character, asciiOnly: asciiOnly), style: style)
            }
            c += 1
        }
        return max(0, c - col)
    }

    /// Writes styled segments one after another; returns the columns written.
    @discardableResult
    public mutating func put(_ segments: [TextSegment], row: Int, col: Int, maxWidth: Int = .max) -> Int {
        var written = 0
        for segment in segments {
            guard written < maxWidth else { break }
            written += put(segment.text, row: row, col: col + written, style: segment.style, maxWidth: maxWidth - written)
        }
        return written
    }

    /// Fills `rect` (clipped to the grid) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        for r in max(0, rect.row)..<min(height, rect.bottom) {
            for c in max(0, rect.col)..<min(width, rect.right) {
                cells[r * width + c] = cell
            }
        }
    }

    /// Applies `style` to every cell of `rect` while keeping the characters (selection bars).
    public mutating func restyle(_ rect: Rect, _ transform: (CellStyle) -> CellStyle) {
        for r in max(0, rect.row)..<min(height, rect.bottom) {
            for c in max(0, rect.col)..<min(width, rect.right) {
                cells[r * width + c].style = transform(cells[r * width + c].style)
            }
        }
    }

    /// The characters of one row, trailing spaces kept.
    public func text(row: Int) -> String {
        guard row >= 0, row < height else { return "" }
        var line = String.UnicodeScalarView()
        line.append(contentsOf: cells[(row * width)..<((row + 1) * width)].map(\.scalar))
        return String(line)
    }

    /// Every row's characters, trailing spaces trimmed: what a screen capture would show.
    public var lines: [String] {
        (0..<height).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The whole screen as text, one line per row.
    public var screenText: String { lines.joined(separator: "\n") }

    /// The first (row, col) where `needle` appears, if any.
    public func find(_ needle: String) -> (row: Int, col: Int)? {
        for row in 0..<height {
            if let range = text(row: row).range(of: needle) {
                let line = text(row: row)
                return (row, line.distance(from: line.startIndex, to: range.lowerBound))
            }
        }
        return nil
    }

    /// True when any cell carries a colour (used to check colour-less mode).
    public var usesColor: Bool { cells.contains { $0.style.hasColor } }
}

/// A piece of text with one style.
public struct TextSegment: Sendable, Hashable {
    /// The text (one column per character once drawn).
    public var text: String
    /// How the text looks.
    public var style: CellStyle

    /// Creates a segment.
    public init(_ text: String, _ style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }

    /// The segment's length in columns (every drawn character takes one).
    public var width: Int { text.count }
}
