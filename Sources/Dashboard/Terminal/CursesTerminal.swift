import CNcurses
import Foundation

/// Why the curses terminal could not start.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// ncurses could not set up the terminal named by `TERM` (unknown type, no terminfo entry…).
    case cannotInitialize(term: String)

    public var description: String {
        switch self {
        case .notATerminal: return "stdin/stdout is not a terminal (use --headless)"
        case .cannotInitialize(let term): return "cannot initialise the terminal (TERM=\(term.isEmpty ? "unset" : term))"
        }
    }
}

/// The production terminal: ncursesw on the process's stdin/stdout. The only file that talks to curses.
///
/// Owns the screen between `init` and `end()`. Meanwhile curses draws through a duplicate of the terminal's file
/// descriptor and fds 1 and 2 point at a log file, so a stray `print` or a library's stderr line can never scribble
/// on the screen; crash signals put everything back before the process dies.
public final class CursesTerminal: Terminal {
    public let capabilities: TerminalCapabilities
    private let streams: ScreenStreams
    private let output: UnsafeMutablePointer<FILE>
    private var pairs: [Int: Int16] = [:]
    private var ended = false
    private static let crashSignals = [SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE, SIGTRAP]

    /// Starts curses on the controlling terminal.
    ///
    /// - Parameters:
    ///   - logPath: where stdout and stderr go while curses owns the screen (nil: `/dev/null`).
    ///   - noColor: never use colours, whatever the terminal supports.
    /// - Throws: `TerminalError` when stdin/stdout is not a terminal or `TERM` is unusable.
    public init(logPath: String? = nil, noColor: Bool = false) throws {
        guard Self.isAvailable else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        let utf8 = dtui_is_utf8_locale() != 0
        let environment = ProcessInfo.processInfo.environment
        let tty = dup(STDOUT_FILENO)
        var file: UnsafeMutablePointer<FILE>?
        guard tty >= 0, dtui_newterm_fd(tty, &file) != nil, let file else {
            if tty >= 0 { close(tty) }
            throw TerminalError.cannotInitialize(term: environment["TERM"] ?? "")
        }
        output = file
        streams = ScreenStreams(redirectingTo: logPath ?? "/dev/null")
        CrashRestore.install(signals: Self.crashSignals, streams: streams)
        cbreak()
        noecho()
        nonl()
        _ = dtui_keypad_on()
        curs_set(0)
        set_escdelay(25)
        // ncurses 6.4 treats a screen made by newterm as not yet initialised until it has been through endwin and
        // refresh once, and until then flushes its output at every cursor move: a frame would leave in dozens of tiny
        // writes, each waking the terminal (which then competes with the server for the CPU). One round trip now,
        // before anything is drawn, makes a frame one write.
        def_prog_mode()
        endwin()
        reset_prog_mode()
        _ = dtui_refresh()
        // Home/End arrive in several dialects (xterm, rxvt, the Linux console, tmux with a foreign TERM); a
        // terminfo entry names only one of them, the others would otherwise come through as ESC [ 1 ~.
        for (sequence, key) in [
            ("\u{1b}[1~", dtui_key_home()), ("\u{1b}[7~", dtui_key_home()), ("\u{1b}[H", dtui_key_home()),
            ("\u{1b}OH", dtui_key_home()), ("\u{1b}[4~", dtui_key_end()), ("\u{1b}[8~", dtui_key_end()),
            ("\u{1b}[F", dtui_key_end()), ("\u{1b}OF", dtui_key_end()), ("\u{1b}[Z", dtui_key_btab()),
        ] {
            define_key(sequence, key)
        }
        let hasColors = has_colors()
        if hasColors && !noColor {
            start_color()
            use_default_colors()
        }
        capabilities = TerminalCapabilities.detect(
            environment: environment, terminalHasColors: hasColors, utf8Locale: utf8, forceNoColor: noColor)
    }

    deinit { end() }

    /// True when stdin and stdout are terminals, so the dashboard can run (else the daemon runs headless).
    public static var isAvailable: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    public var size: TerminalSize { TerminalSize(width: Int(dtui_cols()), height: Int(dtui_lines())) }

    public func draw(_ text: String, row: Int, col: Int, style: CellStyle) {
        _ = dtui_attrset(attributes(for: style))
        _ = dtui_mvaddstr(Int32(row), Int32(col), text)
    }

    public func flush() { _ = dtui_refresh() }

    public func readKey(timeout milliseconds: Int) -> Key? {
        dtui_timeout(Int32(max(0, milliseconds)))
        var code: UInt32 = 0
        let rc = dtui_get_wch(&code)
        if rc == ERR { return nil }
        if rc == dtui_key_code_yes() { return functionKey(Int32(code)) }
        return Key.decode(scalar: code)
    }

    public func copyToClipboard(_ text: String) {
        guard capabilities.clipboard else { return }
        let sequence = "\u{1b}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        dtui_fflush(output)
        sequence.utf8CString.withUnsafeBufferPointer { buffer in
            _ = write(fileno(output), buffer.baseAddress, buffer.count - 1)
        }
    }

    public func suspend() {
        def_prog_mode()
        endwin()
    }

    public func resume() {
        reset_prog_mode()
        _ = dtui_clearok()
        _ = dtui_refresh()
    }

    public func end() {
        guard !ended else { return }
        ended = true
        _ = dtui_attrset(dtui_a_normal())
        curs_set(1)
        endwin()
        CrashRestore.uninstall()
        streams.restore()
    }

    private func attributes(for style: CellStyle) -> attr_t {
        var attrs = dtui_a_normal()
        if style.attributes.contains(.bold) { attrs |= dtui_a_bold() }
        if style.attributes.contains(.reverse) { attrs |= dtui_a_reverse() }
        if style.attributes.contains(.dim) { attrs |= dtui_a_dim() }
        if style.attributes.contains(.underline) { attrs |= dtui_a_underline() }
        if capabilities.colors, style.hasColor, let pair = pair(fg: style.fg, bg: style.bg) {
            attrs |= dtui_color_pair(Int32(pair))
        }
        return attrs
    }

    private func pair(fg: Color, bg: Color) -> Int16? {
        let key = (fg.rawValue + 1) * 16 + (bg.rawValue + 1)
        if let existing = pairs[key] { return existing }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < dtui_color_pairs() else { return nil }
        init_pair(next, Int16(fg.rawValue), Int16(bg.rawValue))
        pairs[key] = next
        return next
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case dtui_key_up(): return .up
        case dtui_key_down(): return .down
        case dtui_key_left(): return .left
        case dtui_key_right(): return .right
        case dtui_key_home(): return .home
        case dtui_key_end(): return .end
        case dtui_key_ppage(): return .pageUp
        case dtui_key_npage(): return .pageDown
        case dtui_key_btab(): return .backTab
        case dtui_key_resize(): return .resize
        case dtui_key_backspace(): return .backspace
        case dtui_key_dc(): return .delete
        case dtui_key_enter(): return .enter
        case dtui_key_f1()...(dtui_key_f1() + 11): return .function(Int(code - dtui_key_f1()) + 1)
        default: return nil
        }
    }
}

/// Restores the screen when the process crashes (SIGSEGV, SIGABRT, a Swift trap…) so the backtrace lands on
/// the normal screen, then hands the signal to whoever handled it before (Swift's backtracer, or the default).
private enum CrashRestore {
    // Written on the UI thread before the handlers are installed and after they are removed; the handler only
    // reads them. A crash handler cannot take locks, hence the unsynchronised globals.
    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    nonisolated(unsafe) static var streams: ScreenStreams?

    static func install(signals: [Int32], streams: ScreenStreams) {
        Self.streams = streams
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_NODEFER))
            var old = sigaction()
            sigaction(number, &action, &old)
            previous[number] = old
        }
    }

    static func uninstall() {
        for (number, old) in previous {
            var old = old
            sigaction(number, &old, nil)
        }
        previous = [:]
        streams = nil
    }

    static let handler: @convention(c) (Int32) -> Void = { number in
        if !isendwin() { endwin() }
        CrashRestore.streams?.restore()
        if var old = CrashRestore.previous[number] { sigaction(number, &old, nil) }
        raise(number)
    }
}

/// fds 1 and 2 pointed at a log file while curses owns the screen, and how to put them back.
private final class ScreenStreams: Sendable {
    private let savedOut: Int32
    private let savedErr: Int32

    init(redirectingTo path: String) {
        savedOut = dup(STDOUT_FILENO)
        savedErr = dup(STDERR_FILENO)
        dtui_fflush_stdout()
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        let target = fd >= 0 ? fd : open("/dev/null", O_WRONLY | O_CLOEXEC)
        if target >= 0 {
            dup2(target, STDOUT_FILENO)
            dup2(target, STDERR_FILENO)
            close(target)
        }
    }

    /// Points fds 1 and 2 back at what they were (safe to call more than once, and from a crash handler).
    func restore() {
        dtui_fflush_stdout()
        if savedOut >= 0 { dup2(savedOut, STDOUT_FILENO) }
        if savedErr >= 0 { dup2(savedErr, STDERR_FILENO) }
    }
}
