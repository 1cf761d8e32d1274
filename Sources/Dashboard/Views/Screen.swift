import Foundation
import Traffic

/// Draws a whole frame: header, panes, overlay and hint bar, from the model and one snapshot.
public enum Screen {
    /// Renders one frame into a new grid of the model's size.
    public static func render(model: DashboardModel, snapshot s: TrafficSnapshot, now: Date, theme: Theme) -> CellGrid {
        var grid = CellGrid(size: model.size, asciiOnly: !theme.unicode)
        let layout = model.layout(s)
        if layout.tooSmall {
            drawTooSmall(size: model.size, theme: theme, into: &grid)
            return grid
        }
        HeaderView.draw(in: layout.header, model: model, snapshot: s, now: now, theme: theme, into: &grid)
        for (pane, rect) in layout.panes {
            switch pane {
            case .listeners: ListenersView.draw(in: rect, model: model, snapshot: s, now: now, theme: theme, into: &grid)
            case .routes: RoutesView.draw(in: rect, model: model, snapshot: s, theme: theme, into: &grid)
            case .requests: RequestLogView.draw(in: rect, model: model, snapshot: s, now: now, theme: theme, into: &grid)
            case .jobs: JobsView.draw(in: rect, model: model, snapshot: s, now: now, theme: theme, into: &grid)
            }
        }
        switch model.overlay {
        case .none: break
        case .help: HelpOverlay.draw(in: layout.body, theme: theme, into: &grid)
        case .detail(let detail):
            DetailOverlay.draw(detail, in: layout.body, model: model, snapshot: s, now: now, theme: theme, into: &grid)
        case .compose(let form): ComposeOverlay.draw(form, in: layout.body, snapshot: s, theme: theme, into: &grid)
        case .response(let state): ResponseOverlay.draw(state, in: layout.body, snapshot: s, theme: theme, into: &grid)
        }
        HintBar.draw(in: layout.hints, model: model, theme: theme, into: &grid)
        return grid
    }

    static func drawTooSmall(size: TerminalSize, theme: Theme, into grid: inout CellGrid) {
        let need = ScreenLayout.minimum
        let lines = ["terminal too small", "\(size.width)x\(size.height), need \(need.width)x\(need.height)", "q quits"]
        for (offset, line) in lines.enumerated() {
            let row = max(0, size.height / 2 - 1) + offset
            grid.put(line, row: row, col: max(0, (size.width - line.count) / 2), style: offset == 0 ? theme.warning : .plain)
        }
    }
}

extension DashboardModel {
    /// Clamps overlay scroll positions to their documents, so Up after End moves at once.
    public mutating func clampScroll(_ s: TrafficSnapshot, now: Date, theme: Theme) {
        let inner = layout(s).body.inset(by: 1)
        switch overlay {
        case .detail(var detail):
            guard let document = DetailOverlay.document(detail, model: self, snapshot: s, now: now, theme: theme,
                                                        width: inner.width) else { return }
            detail.scroll = document.clampedScroll(detail.scroll, height: inner.height)
            overlay = .detail(detail)
        case .response(var state):
            let document = ResponseOverlay.document(state, snapshot: s, theme: theme, width: inner.width)
            state.scroll = document.clampedScroll(state.scroll, height: inner.height)
            overlay = .response(state)
        default: break
        }
    }
}
