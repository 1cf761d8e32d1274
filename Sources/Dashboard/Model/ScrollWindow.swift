/// The visible window of a list: which row is selected and which rows are shown.
public struct ScrollWindow: Sendable, Equatable {
    /// Index of the selected row (nil when the list is empty).
    public var selected: Int?
    /// Index of the first visible row.
    public var top: Int
    /// How many rows are visible.
    public var visible: Int

    /// Resolves a cursor against the current rows: unknown keys snap to the nearest following row.
    public static func resolve(cursor: PaneCursor, keys: RowKeys, visible: Int, pinnedToBottom: Bool) -> ScrollWindow {
        let count = keys.count
        let visible = max(1, visible)
        guard count > 0 else { return ScrollWindow(selected: nil, top: 0, visible: visible) }
        if pinnedToBottom {
            return ScrollWindow(selected: count - 1, top: max(0, count - visible), visible: visible)
        }
        let selected = cursor.selected.map { keys.index(of: $0) } ?? 0
        var top = cursor.top.map { keys.index(of: $0) } ?? 0
        if selected < top { top = selected }
        if selected >= top + visible { top = selected - visible + 1 }
        top = max(0, min(top, count - visible))
        return ScrollWindow(selected: selected, top: top, visible: visible)
    }
}
