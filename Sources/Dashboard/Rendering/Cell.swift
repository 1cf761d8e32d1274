/// One of the eight ANSI colours, or the terminal's own default (foreground or background).
public enum Color: Int, Sendable, Hashable, CaseIterable {
    case `default` = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// Text attributes a cell can carry.
public struct CellAttributes: OptionSet, Sendable, Hashable {
    /// The attribute bits.
    public let rawValue: UInt8
    /// Creates a set from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (or bright) text.
    public static let bold = CellAttributes(rawValue: 1 << 0)
    /// Swapped foreground and background: selections and banners.
    public static let reverse = CellAttributes(rawValue: 1 << 1)
    /// Faint text: secondary information.
    public static let dim = CellAttributes(rawValue: 1 << 2)
    /// Underlined text: table headers.
    public static let underline = CellAttributes(rawValue: 1 << 3)
}

/// How a run of text looks: colours and attributes.
public struct CellStyle: Sendable, Hashable {
    /// The foreground colour.
    public var fg: Color
    /// The background colour.
    public var bg: Color
    /// Bold, reverse, dim, underline.
    public var attributes: CellAttributes

    /// Creates a style; the defaults are the terminal's own colours with no attributes.
    public init(fg: Color = .default, bg: Color = .default, attributes: CellAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// The terminal's default look.
    public static let plain = CellStyle()

    /// This style with `more` attributes added.
    public func with(_ more: CellAttributes) -> CellStyle {
        var copy = self
        copy.attributes.formUnion(more)
        return copy
    }

    /// True when the style uses a colour other than the terminal's defaults.
    public var hasColor: Bool { fg != .default || bg != .default }
}

/// One character cell of the screen.
public struct Cell: Sendable, Hashable {
    /// The scalar shown; always one column wide (see `TextWidth`). A scalar rather than a `Character`: the
    /// renderer compares every cell of every frame, and scalars compare as integers.
    public var scalar: Unicode.Scalar
    /// How the cell looks.
    public var style: CellStyle

    /// Creates a cell.
    public init(_ scalar: Unicode.Scalar = " ", style: CellStyle = .plain) {
        self.scalar = scalar
        self.style = style
    }

    /// The character shown.
    public var character: Character { Character(scalar) }

    /// An empty cell in the default style.
    public static let blank = Cell()
}
