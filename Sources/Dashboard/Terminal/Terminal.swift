/// What a terminal can do, decided once when it starts.
public struct TerminalCapabilities: Sendable, Hashable {
    /// Colours may be used (the terminal has them and `NO_COLOR` is not set).
    public var colors: Bool
    /// Box-drawing and other non-ASCII characters can be shown (UTF-8 locale, not a vt100-class terminal).
    public var unicode: Bool
    /// The terminal is known to accept OSC 52 clipboard writes.
    public var clipboard: Bool

    /// Creates a capability set.
    public init(colors: Bool, unicode: Bool, clipboard: Bool) {
        self.colors = colors
        self.unicode = unicode
        self.clipboard = clipboard
    }

    /// Decides capabilities from the environment the way the curses terminal does.
    ///
    /// - Parameters:
    ///   - environment: the process environment (`TERM`, `NO_COLOR`, locale variables).
    ///   - terminalHasColors: what the terminal database says (`has_colors()`).
    ///   - utf8Locale: whether the locale's character set is UTF-8.
    public static func detect(
        environment: [String: String], terminalHasColors: Bool, utf8Locale: Bool, forceNoColor: Bool = false
    ) -> TerminalCapabilities {
        let term = environment["TERM"] ?? ""
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || forceNoColor
        let legacy = term.hasPrefix("vt") || term == "dumb" || term.isEmpty
        let clipboardTerms = ["xterm", "tmux", "screen", "alacritty", "kitty", "foot", "wezterm", "rxvt"]
        return TerminalCapabilities(
            colors: terminalHasColors && !noColor,
            unicode: utf8Locale && !legacy,
            clipboard: clipboardTerms.contains { term.hasPrefix($0) })
    }
}

/// The seam between the dashboard and a real screen: the curses terminal in production, a buffer in tests.
///
/// All calls come from the dashboard's one UI thread.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: TerminalSize { get }
    /// What the terminal supports.
    var capabilities: TerminalCapabilities { get }
    /// Writes a run of one-column characters in one style at (row, col).
    func draw(_ text: String, row: Int, col: Int, style: CellStyle)
    /// Makes everything drawn since the last flush visible.
    func flush()
    /// Waits up to `milliseconds` (0: just polls) for a key; nil when none came.
    func readKey(timeout milliseconds: Int) -> Key?
    /// Puts `text` on the system clipboard (OSC 52) where the terminal supports it.
    func copyToClipboard(_ text: String)
    /// Gives the screen back to the shell temporarily (the normal screen is shown).
    func suspend()
    /// Takes the screen again after `suspend()`; the next frame must be drawn in full.
    func resume()
    /// Restores the terminal for good. Safe to call more than once.
    func end()
}
