import Foundation
import Traffic

/// The composer (`r`, `e`, Enter on a route): a small form, then the response.
enum ComposeOverlay {
    static func draw(
        _ form: ComposeForm, in body: Rect, snapshot s: TrafficSnapshot, theme: Theme, into grid: inout CellGrid
    ) {
        grid.fill(body)
        let inner = Box.draw(body, title: "Compose a request", note: [TextSegment("sent over the real listener", theme.dim)],
                             focused: true, theme: theme, into: &grid)
        let labelWidth = 11
        var row = inner.row
        let (left, right) = theme.unicode ? ("◀ ", " ▶") : ("< ", " >")
        for field in form.fields {
            guard row < inner.bottom - 3 else { break }
            let focused = field == form.field
            let label: String
            var value: [TextSegment]
            switch field {
            case .route:
                label = "Route"
                if let id = form.routeID, let route = s.routes.first(where: { $0.id == id }) {
                    value = [TextSegment(left, theme.dim), TextSegment(route.method + " ", theme.method),
                             TextSegment(route.template), TextSegment("  \(route.handler)", theme.dim),
                             TextSegment(right, theme.dim)]
                } else {
                    value = [TextSegment(left, theme.dim), TextSegment("custom: type the method and path", theme.dim),
                             TextSegment(right, theme.dim)]
                }
            case .method:
                label = "Method"
                value = [TextSegment(form.method, theme.method)]
            case .path:
                label = "Path"
                value = [TextSegment(form.routeID == nil ? form.path : form.targetPath)]
            case .variable(let index):
                let variable = form.variables[index]
                label = "{\(variable.name)}"
                value = [TextSegment(variable.value.isEmpty && !focused ? "(required)" : variable.value,
                                     variable.value.isEmpty ? theme.warning : .plain)]
            case .query:
                label = "Query"
                value = [TextSegment(form.query)]
            case .body:
                label = "Body"
                value = [TextSegment(form.body.isEmpty && !focused ? "(none; JSON)" : form.body,
                                     form.body.isEmpty ? theme.dim : .plain)]
            case .listener:
                label = "Listener"
                let record = form.listener.flatMap { id in s.listeners.first { $0.id == id } }
                value = [TextSegment(left, theme.dim), TextSegment(record.map { "\($0.id) \($0.url)" } ?? "none"),
                         TextSegment(right, theme.dim)]
            }
            if focused && form.editableText != nil { value.append(TextSegment("_", theme.keyName)) }
            let labelText = Format.fit(label, labelWidth - 1) + String(repeating: " ", count: max(0, labelWidth - 1 - label.count))
            grid.put(labelText, row: row, col: inner.col, style: focused ? theme.selection : theme.dim)
            grid.put(value, row: row, col: inner.col + labelWidth, maxWidth: inner.width - labelWidth)
            row += 1
        }
        let listener = form.listener.flatMap { id in s.listeners.first { $0.id == id } }
        let preview: [TextSegment] = [
            TextSegment("\(theme.rightArrow) ", theme.dim), TextSegment(form.method + " ", theme.method),
            TextSegment(form.target, theme.bold), TextSegment(" via \(listener?.url ?? "?")", theme.dim),
        ]
        grid.put(preview, row: inner.bottom - 2, col: inner.col, maxWidth: inner.width)
        if let error = form.error {
            grid.put(error, row: inner.bottom - 1, col: inner.col, style: theme.error, maxWidth: inner.width)
        }
    }
}
