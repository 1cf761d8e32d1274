/// The dashboard's look: styles for each kind of text and the characters for borders and symbols.
///
/// Built from the terminal's capabilities: without colours every style keeps only its attributes, and without
/// Unicode the borders, sparklines and symbols are plain ASCII — the meaning never depends on colour alone.
public struct Theme: Sendable {
    /// Colours may be used.
    public let colors: Bool
    /// Non-ASCII characters may be used.
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

    /// Ordinary text.
    public var plain: CellStyle { .plain }
    /// Secondary text.
    public var dim: CellStyle { CellStyle(attributes: .dim) }
    /// Emphasis.
    public var bold: CellStyle { CellStyle(attributes: .bold) }
    /// Column titles.
    public var tableHeader: CellStyle { CellStyle(attributes: [.bold, .underline]) }
    /// Pane borders.
    public var border: CellStyle { colors ? CellStyle(fg: .blue) : .plain }
    /// The focused pane's border.
    public var focusedBorder: CellStyle { style(.cyan, .bold) }
    /// Pane titles.
    public var title: CellStyle { CellStyle(attributes: .bold) }
    /// The focused pane's title.
    public var focusedTitle: CellStyle { CellStyle(attributes: [.bold, .reverse]) }
    /// The selected row of the focused pane.
    public var selection: CellStyle { CellStyle(attributes: .reverse) }
    /// The selected row of other panes.
    public var unfocusedSelection: CellStyle { CellStyle(attributes: [.bold, .underline]) }
    /// Key names in hints and help.
    public var keyName: CellStyle { style(.cyan, .bold) }
    /// The loud banner shown while requests are held.
    public var holdingText: CellStyle { style(.yellow, [.bold, .reverse]) }
    /// Good news: ACTIVE, listening, ok.
    public var activeText: CellStyle { style(.green, .bold) }
    /// Attention: filters, PAUSED, holding.
    public var warning: CellStyle { style(.yellow, .bold) }
    /// Failures.
    public var error: CellStyle { style(.red, .bold) }
    /// Highlights: header names, DOCKER_HOST, curl.
    public var accent: CellStyle { style(.cyan) }
    /// HTTP methods.
    public var method: CellStyle { style(.magenta, .bold) }
    /// Masked secrets.
    public var masked: CellStyle { style(.yellow, .dim) }
    /// JSON object keys.
    public var jsonKey: CellStyle { style(.cyan) }
    /// JSON strings.
    public var jsonString: CellStyle { style(.green) }
    /// JSON numbers and literals.
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
