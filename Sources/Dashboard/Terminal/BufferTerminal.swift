/// A terminal that draws into memory and plays back scripted keys: for tests and for `--plain` captures.
public final class BufferTerminal: Terminal {
    public private(set) var size: TerminalSize
    public let capabilities: TerminalCapabilities
    /// What the screen shows now.
    public private(set) var screen: CellGrid
    /// How many runs were drawn in total (to check that unchanged frames cost nothing).
    public private(set) var drawCalls = 0
    /// How many times `flush()` was called.
    public private(set) var flushes = 0
    /// Texts sent to the clipboard.
    public private(set) var clipboard: [String] = []
    /// Keys still to be delivered by `readKey`, front first.
    public var pendingKeys: [Key] = []
    /// True once `end()` was called.
    public private(set) var ended = false
    /// Called by `readKey` when no scripted key is left (tests use it to stop an app loop).
    public var onIdle: (() -> Void)?

    /// Creates a buffer terminal of `size`.
    public init(size: TerminalSize, capabilities: TerminalCapabilities) {
        self.size = size
        self.capabilities = capabilities
        self.screen = CellGrid(size: size, asciiOnly: !capabilities.unicode)
    }

    /// Changes the size and queues a `.resize` key, as a real terminal would.
    public func resize(to newSize: TerminalSize) {
        size = newSize
        screen = CellGrid(size: newSize, asciiOnly: !capabilities.unicode)
        pendingKeys.append(.resize)
    }

    public func draw(_ text: String, row: Int, col: Int, style: CellStyle) {
        drawCalls += 1
        screen.put(text, row: row, col: col, style: style)
    }

    public func flush() { flushes += 1 }

    public func readKey(timeout milliseconds: Int) -> Key? {
        if pendingKeys.isEmpty { onIdle?() }
        return pendingKeys.isEmpty ? nil : pendingKeys.removeFirst()
    }

    public func copyToClipboard(_ text: String) { clipboard.append(text) }
    public func suspend() {}
    public func resume() {}
    public func end() { ended = true }
}
