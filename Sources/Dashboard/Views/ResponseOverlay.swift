import Foundation
import Traffic

/// The answer to a composed request: status, headers, pretty body.
enum ResponseOverlay {
    static func document(_ state: ResponseState, snapshot s: TrafficSnapshot, theme: Theme, width: Int) -> TextDocument {
        let listener = s.listeners.first { $0.id == state.sent.listener }
        var lines: [[TextSegment]] = [[
            TextSegment(state.sent.method + " ", theme.method), TextSegment(state.sent.target, theme.bold),
            TextSegment(" via \(listener.map { "\($0.id) \($0.url)" } ?? state.sent.listener.description)", theme.dim),
        ]]
        guard let outcome = state.outcome else {
            let held = s.activation.holding ? " (the daemon is holding requests: a activates)" : ""
            lines.append([TextSegment("waiting for the response\(theme.ellipsis)\(held)", theme.live)])
            return TextDocument(lines: lines).wrapped(to: width)
        }
        let elapsed = Format.duration(outcome.elapsed, unicode: theme.unicode)
        switch outcome.result {
        case .failure(let failure):
            lines.append([TextSegment("failed after \(elapsed): \(failure.message)", theme.error)])
        case .success(let response):
            lines.append([
                TextSegment("\(theme.statusSymbol(response.status)) \(response.status) \(response.reason)",
                            theme.status(response.status)),
                TextSegment(" · \(elapsed) · \(Format.bytes(response.body.count)) bytes", theme.dim),
                TextSegment(response.truncated ? " (truncated)" : "", theme.warning),
            ])
            lines.append([])
            lines.append(TextDocument.heading("headers", theme: theme))
            lines += TextDocument.headers(response.headers.map { ($0.name, $0.value) }, theme: theme)
            lines.append([])
            lines.append(TextDocument.heading("body", theme: theme))
            lines += TextDocument.body(response.body, total: response.body.count, theme: theme)
        }
        return TextDocument(lines: lines).wrapped(to: width)
    }

    static func draw(
        _ state: ResponseState, in body: Rect, snapshot s: TrafficSnapshot, theme: Theme, into grid: inout CellGrid
    ) {
        grid.fill(body)
        let inner = Box.draw(body, title: "Response", focused: true, theme: theme, into: &grid)
        document(state, snapshot: s, theme: theme, width: inner.width).draw(in: inner, scroll: state.scroll, into: &grid)
    }
}
