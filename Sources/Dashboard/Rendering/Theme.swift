/// The dashboard's look: styles for each kind of text and the characters for borders and symbols.
///
/// Built from the terminal's capabilities: without colours every style keeps only its attributes, and without
/// Unicode the borders, sparklines and symbols are plain ASCII — the meaning never depends on colour alone.
public struct Theme: Sendable {
    public let colors: Bool
    public let unicode: Bool

    /// Creates the theme for a terminal with these capabilities.
    public init(capabilities: TerminalCapabilities) {
        self.colors = capabilities.colors
        self.unicode = capabilities.unicode
    }

    private func style(_ fg: Color, _ attributes: CellAttributes = [], bg: Color = .default) -> CellStyle {
        colors ? CellStyle(fg: fg, bg: bg, attributes: attributes) : CellStyle(attributes: attributes)
    }

    // MARK: Styles

    public var plain: CellStyle { .plain }
    public var dim: CellStyle { CellStyle(attributes: .dim) }
    public var bold: CellStyle { CellStyle(attributes: .bold) }
    public var tableHeader: CellStyle { CellStyle(attributes: [.bold, .underline]) }
    public var border: CellStyle { colors ? CellStyle(fg: .blue) : .plain }
    public var focusedBorder: CellStyle { style(.cyan, .bold) }
    public var title: CellStyle { CellStyle(attributes: .bold) }
    public var focusedTitle: CellStyle { CellStyle(attributes: [.bold, .reverse]) }
    public var selection: CellStyle { CellStyle(attributes: .reverse) }
    public var unfocusedSelection: CellStyle { CellStyle(attributes: [.bold, .underline]) }
    public var keyName: CellStyle { style(.cyan, .bold) }
    /// The loud banner shown while requests are held.
    public var holdingText: CellStyle { style(.yellow, [.bold, .reverse]) }
    public var activeText: CellStyle { style(.green, .bold) }
    public var warning: CellStyle { style(.yellow, .bold) }
    public var error: CellStyle { style(.red, .bold) }
    public var accent: CellStyle { style(.cyan) }
    public var method: CellStyle { style(.magenta, .bold) }
    public var masked: CellStyle { style(.yellow, .dim) }
    public var jsonKey: CellStyle { style(.cyan) }
    public var jsonString: CellStyle { style(.green) }
    public var jsonNumber: CellStyle { style(.magenta) }

    /// The colour of an HTTP status: 2xx green, 3xx cyan, 4xx yellow, 5xx red, 1xx (upgrade) blue.
    public func status(_ code: Int) -> CellStyle {
        switch code {
        case 100..<200: return style(.blue, .bold)
        case 200..<300: return style(.green)
        case 300..<400: return style(.cyan)
        case 400..<500: return style(.yellow, .bold)
        default: return style(.red, .bold)
        }
    }

    /// The style of a live (not yet finished) request.
    public var live: CellStyle { style(.cyan, .bold) }
    /// The style of a held request.
    public var held: CellStyle { style(.yellow, [.bold, .reverse]) }

    // MARK: Characters

    /// Box corners and lines: (horizontal, vertical, top-left, top-right, bottom-left, bottom-right).
    public var box: (h: Character, v: Character, tl: Character, tr: Character, bl: Character, br: Character) {
        unicode ? ("─", "│", "┌", "┐", "└", "┘") : ("-", "|", "+", "+", "+", "+")
    }

    /// Sparkline levels, lowest first.
    public var sparkLevels: [Character] {
        unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [".", ":", "-", "=", "+", "*", "#", "@"]
    }

    /// The symbol marking a status class, so colour is never the only cue.
    public func statusSymbol(_ code: Int) -> String {
        switch code {
        case 100..<200: return unicode ? "⇄" : "="
        case 200..<300: return unicode ? "✓" : "+"
        case 300..<400: return unicode ? "→" : ">"
        case 400..<500: return "!"
        default: return unicode ? "✗" : "x"
        }
    }

    /// Arrows for key hints.
    public var arrows: String { unicode ? "↑↓" : "Up/Dn" }
    /// The separator between header fields.
    public var separator: String { unicode ? " · " : " | " }
    /// An ellipsis for cut text.
    public var ellipsis: String { unicode ? "…" : "~" }
    /// The arrow between timeline stages and route → handler.
    public var rightArrow: String { unicode ? "→" : "->" }
}
