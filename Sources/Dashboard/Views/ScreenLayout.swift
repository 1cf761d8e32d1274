/// Where everything goes on a screen of a given size: header, panes, key-hint bar.
///
/// Three arrangements: a wide one (a full-height request log beside listeners, routes and jobs), a stacked one
/// for ordinary terminals, and a zoomed one where the focused pane takes the whole body.
public struct ScreenLayout: Sendable, Equatable {
    /// Below this size only a "terminal too small" message is drawn.
    public static let minimum = TerminalSize(width: 64, height: 18)

    /// The two status rows at the top.
    public var header: Rect
    /// Everything between the header and the hint bar (overlays cover it).
    public var body: Rect
    /// Each visible pane's box.
    public var panes: [Pane: Rect]
    /// The key-hint row at the bottom.
    public var hints: Rect
    /// The terminal is smaller than `minimum`.
    public var tooSmall: Bool
    /// How many jobs there are (the jobs pane splits its height between them and the env table).
    public var jobCount: Int = 0

    /// Lays out a screen.
    ///
    /// - Parameters:
    ///   - zoomed: the pane shown alone, if any.
    ///   - listenerCount, jobCount: used to size the listeners and jobs panes to their content.
    ///   - envCount: the longest job env, so the jobs pane can show it whole when there is room.
    public static func compute(
        size: TerminalSize, zoomed: Pane?, listenerCount: Int, jobCount: Int, envCount: Int = 0
    ) -> ScreenLayout {
        let full = Rect(row: 0, col: 0, width: size.width, height: size.height)
        guard size.width >= minimum.width, size.height >= minimum.height else {
            return ScreenLayout(header: full, body: full, panes: [:], hints: full, tooSmall: true, jobCount: jobCount)
        }
        let (header, rest) = full.splitTop(2)
        let (body, hints) = rest.splitTop(rest.height - 1)
        var panes: [Pane: Rect] = [:]
        if let zoomed {
            panes[zoomed] = body
        } else if size.width >= 150 && body.height >= 30 {
            let (left, log) = body.splitLeft(body.width * 45 / 100)
            let listenersHeight = min(listenerCount + 3, max(5, left.height / 4))
            let (listeners, below) = left.splitTop(listenersHeight)
            let jobsHeight = min(max(8, jobCount + envCount + 5), below.height / 2)
            let (routes, jobs) = below.splitTop(below.height - jobsHeight)
            panes = [.listeners: listeners, .routes: routes, .jobs: jobs, .requests: log]
        } else {
            let listenersHeight = min(listenerCount + 3, max(5, body.height / 4))
            let (listeners, below) = body.splitTop(listenersHeight)
            let middleHeight = max(6, below.height * 2 / 5)
            let (middle, log) = below.splitTop(middleHeight)
            let (routes, jobs) = middle.splitLeft(middle.width * 3 / 5)
            panes = [.listeners: listeners, .routes: routes, .jobs: jobs, .requests: log]
        }
        return ScreenLayout(
            header: header, body: body, panes: panes, hints: hints, tooSmall: false, jobCount: jobCount)
    }

    /// How many list rows `pane` shows (its box minus borders and the column header).
    public func visibleRows(_ pane: Pane) -> Int {
        guard let rect = panes[pane] else { return 1 }
        // The jobs pane lists its jobs, then the selected job's env below them.
        if pane == .jobs { return max(1, min(jobCount, (rect.height - 3) / 2)) }
        return max(1, rect.height - 3)
    }
}
