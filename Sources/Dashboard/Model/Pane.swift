/// The dashboard's panes, numbered as the number keys select them.
public enum Pane: Int, Sendable, CaseIterable, Hashable {
    case listeners = 1
    case routes = 2
    case requests = 3
    case jobs = 4

    /// The name shown in the pane's title and the status bar.
    public var title: String {
        switch self {
        case .listeners: return "Listeners"
        case .routes: return "Routes"
        case .requests: return "Requests"
        case .jobs: return "Jobs"
        }
    }

    /// The next pane in Tab order (wrapping).
    public var next: Pane { Pane(rawValue: rawValue % Pane.allCases.count + 1)! }
    /// The previous pane in Tab order (wrapping).
    public var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 2) % Pane.allCases.count + 1)! }
}

/// Where a list pane is scrolled to and which row is selected, by stable row keys (request ids, route ids…),
/// so that rows arriving or falling out of history never move the selection to another row.
public struct PaneCursor: Sendable, Equatable {
    /// The key of the selected row (nil: the first row, or the last one for a following log).
    public var selected: Int?
    /// The key of the first visible row (nil: top).
    public var top: Int?

    /// A cursor at the top.
    public init(selected: Int? = nil, top: Int? = nil) {
        self.selected = selected
        self.top = top
    }
}

/// The visible window of a list: which row is selected and which rows are shown.
public struct ScrollWindow: Sendable, Equatable {
    /// Index of the selected row (nil when the list is empty).
    public var selected: Int?
    /// Index of the first visible row.
    public var top: Int
    /// How many rows are visible.
    public var visible: Int

    /// Resolves a cursor against the current rows: unknown keys snap to the nearest following row.
    public static func resolve(cursor: PaneCursor, keys: [Int], visible: Int, pinnedToBottom: Bool) -> ScrollWindow {
        let count = keys.count
        let visible = max(1, visible)
        guard count > 0 else { return ScrollWindow(selected: nil, top: 0, visible: visible) }
        if pinnedToBottom {
            return ScrollWindow(selected: count - 1, top: max(0, count - visible), visible: visible)
        }
        let selected = cursor.selected.map { index(of: $0, in: keys) } ?? 0
        var top = cursor.top.map { index(of: $0, in: keys) } ?? 0
        if selected < top { top = selected }
        if selected >= top + visible { top = selected - visible + 1 }
        top = max(0, min(top, count - visible))
        return ScrollWindow(selected: selected, top: top, visible: visible)
    }

    /// The index of `key`, or of the first row after it (keys ascend for requests), clamped to the list.
    static func index(of key: Int, in keys: [Int]) -> Int {
        if let exact = keys.firstIndex(of: key) { return exact }
        return min(keys.firstIndex { $0 > key } ?? keys.count - 1, keys.count - 1)
    }
}
