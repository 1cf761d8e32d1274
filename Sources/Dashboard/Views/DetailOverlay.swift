import Foundation
import Traffic

/// The request detail over the panes (Enter on a log row).
enum DetailOverlay {
    /// The wrapped document for the detail's request, or nil when it left the history.
    static func document(
        _ detail: DetailState, model: DashboardModel, snapshot s: TrafficSnapshot, now: Date, theme: Theme, width: Int
    ) -> TextDocument? {
        guard let request = s.request(detail.request) else { return nil }
        let listener = s.listeners.first { $0.id == request.listener }
        let curl = detail.showCurl ? model.curl(for: request, s) : nil
        return RequestDocument.build(request, listener: listener, curl: curl, now: now, theme: theme)
            .wrapped(to: width)
    }

    static func draw(
        _ detail: DetailState, in body: Rect, model: DashboardModel, snapshot s: TrafficSnapshot, now: Date,
        theme: Theme, into grid: inout CellGrid
    ) {
        grid.fill(body)
        let title = "Request \(detail.request)"
        let request = s.request(detail.request)
        var note: [TextSegment] = []
        if let request, request.isLive { note.append(TextSegment("live", theme.live)) }
        if detail.showCurl { note.append(TextSegment(" curl copied", theme.activeText)) }
        let inner = Box.draw(body, title: title, note: note, focused: true, theme: theme, into: &grid)
        guard let document = document(detail, model: model, snapshot: s, now: now, theme: theme, width: inner.width)
        else {
            grid.put("request \(detail.request) is no longer in the history", row: inner.row, col: inner.col,
                     style: theme.warning, maxWidth: inner.width)
            return
        }
        document.draw(in: inner, scroll: detail.scroll, into: &grid)
    }
}
