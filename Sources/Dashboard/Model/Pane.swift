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
