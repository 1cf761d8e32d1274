/// The bottom row: the keys that work right now (and a one-shot notice after an action).
enum HintBar {
    static func draw(in rect: Rect, model: DashboardModel, theme: Theme, into grid: inout CellGrid) {
        var line: [TextSegment] = [TextSegment(" ")]
        if let notice = model.notice { line += [TextSegment(notice, theme.bold), TextSegment("  ")] }
        for (key, label) in hints(model, theme: theme) {
            line += [TextSegment(key, theme.keyName), TextSegment(" \(label)  ")]
        }
        grid.put(line, row: rect.row, col: rect.col, maxWidth: rect.width)
    }

    static func hints(_ model: DashboardModel, theme: Theme) -> [(String, String)] {
        let arrows = theme.arrows
        if model.filterDraft != nil {
            return [("Enter", "keep"), ("Esc", "clear"), ("terms", "GET 4xx 404 L1 unix held live <path>")]
        }
        switch model.overlay {
        case .help: return [("any key", "closes help")]
        case .detail:
            return [(arrows, "scroll"), ("c", "curl + copy"), ("e", "edit & resend"), ("a", "activate"), ("Esc", "back")]
        case .compose:
            return [(arrows, "field"), (theme.unicode ? "←→" : "Left/Right", "route/listener"), ("type", "edit"),
                    ("Enter", "send"), ("Esc", "cancel")]
        case .response:
            return [(arrows, "scroll"), ("e", "edit"), ("r", "resend"), ("a", "activate"), ("b", "buffering"),
                    ("Esc", "close")]
        case .none:
            // Most useful first: narrow terminals cut the end (`?` lists everything).
            return [("?", "help"), ("q", "quit"), ("a", "activate"), ("b", "buffering"), ("Tab", "pane"),
                    (arrows, "move"), ("Enter", "open"), ("/", "filter"), ("r", "compose"), ("e", "edit"),
                    ("c", "curl"), ("z", "zoom"), ("f", "follow"), ("s", "sort")]
        }
    }
}
