/// The `?` overlay: every key, by context.
enum HelpOverlay {
    static func lines(theme: Theme) -> [[TextSegment]] {
        let sections: [(String, [(String, String)])] = [
            ("Daemon", [
                ("a", "activate: run acceptconnections, release every held request in order"),
                ("b", "toggle buffering: re-arm holding (new requests wait for a) or turn it off"),
                ("q  Ctrl-C", "quit: graceful shutdown of the daemon, terminal restored"),
            ]),
            ("Navigate", [
                ("Tab  Shift-Tab  \(theme.unicode ? "← →" : "Left Right")", "next / previous pane"),
                ("1 2 3 4", "Listeners, Routes, Requests, Jobs"),
                ("\(theme.unicode ? "↑ ↓" : "Up Down")  PgUp PgDn  Home End", "move; End in the log follows it again"),
                ("f", "pause / follow the request log"),
                ("z", "zoom the focused pane"),
                ("s", "routes: sort by hits / registration order"),
            ]),
            ("Requests", [
                ("Enter", "detail: headers, bodies (secrets masked), route, timeline"),
                ("c", "curl command for the request, copied to the clipboard (OSC 52)"),
                ("e", "edit the request in the composer and send it again"),
                ("r", "compose a request (Enter on a route pre-fills it)"),
                ("Enter on a listener", "show only that listener's requests"),
            ]),
            ("Filter", [
                ("/", "filter the focused pane; Enter keeps it, Esc clears it"),
                ("terms", "GET  4xx  404  L1  unix  tcp  held  live  or a path substring"),
            ]),
        ]
        var lines: [[TextSegment]] = []
        let keyWidth = 2 + sections.flatMap(\.1).map(\.0.count).max()!
        for (title, keys) in sections {
            lines.append([TextSegment(title, theme.bold.with(.underline))])
            for (key, text) in keys {
                let padded = key + String(repeating: " ", count: keyWidth - key.count)
                lines.append([TextSegment("  "), TextSegment(padded, theme.keyName), TextSegment(text)])
            }
            lines.append([])
        }
        return lines
    }

    static func draw(in body: Rect, theme: Theme, into grid: inout CellGrid) {
        let width = min(body.width, 110)
        let document = TextDocument(lines: lines(theme: theme)).wrapped(to: width - 2)
        let height = min(body.height, document.lines.count + 2)
        let rect = Rect(row: body.row + (body.height - height) / 2, col: body.col + (body.width - width) / 2,
                        width: width, height: height)
        grid.fill(rect)
        let inner = Box.draw(rect, title: "Help", note: [TextSegment("any key closes", theme.dim)], focused: true,
                             theme: theme, into: &grid)
        document.draw(in: inner, scroll: 0, into: &grid)
    }
}
