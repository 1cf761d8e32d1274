import Foundation
import Traffic

/// Everything the dashboard remembers between frames: focus, scroll positions, follow/pause, filters, overlays
/// and the composer. Pure: keys go in (`handle`), actions come out, and views read it with a snapshot.
public struct DashboardModel: Sendable, Equatable {
    /// The pane that receives keys.
    public var focus: Pane = .requests
    /// The focused pane fills the screen.
    public var zoomed = false
    /// Scroll position and selection per pane.
    public var cursors: [Pane: PaneCursor] = [:]
    /// Committed filters per pane.
    public var filters: [Pane: RowFilter] = [:]
    /// The filter being typed for the focused pane (applied live), nil when not editing.
    public var filterDraft: String?
    /// The request log sticks to its newest row.
    public var following = true
    /// The newest request when the log was paused: rows after it count as "new".
    public var pausedAfter: RequestID?
    /// Routes are sorted by hits (descending) instead of registration order.
    public var routesByHits = false
    /// What is drawn over the panes.
    public var overlay: Overlay = .none
    /// A one-line message for the hint bar (cleared by the next key).
    public var notice: String?
    /// The terminal size the layout is computed for.
    public var size: TerminalSize
    /// Client certificate paths shown in curl commands for TLS listeners.
    public var clientTLS: ClientTLSFiles?
    /// The next composer token.
    var nextToken = 1

    /// A model for a terminal of `size`, focused on the request log and following it.
    public init(size: TerminalSize) {
        self.size = size
    }

    // MARK: - Rows as the panes show them

    /// The filter in force for `pane` (the draft while it is being typed).
    public func filter(for pane: Pane) -> RowFilter {
        if pane == focus, let filterDraft { return RowFilter(filterDraft) }
        return filters[pane] ?? RowFilter("")
    }

    /// Listeners passing the pane's filter, in id order.
    public func listenerRows(_ s: TrafficSnapshot) -> [ListenerRecord] {
        let f = filter(for: .listeners)
        return f.isEmpty ? s.listeners : s.listeners.filter { f.matches($0) }
    }

    /// Routes passing the filter, in registration order or by hits.
    public func routeRows(_ s: TrafficSnapshot) -> [RouteRecord] {
        let f = filter(for: .routes)
        let rows = f.isEmpty ? s.routes : s.routes.filter { f.matches($0) }
        guard routesByHits else { return rows }
        return rows.sorted { $0.hits != $1.hits ? $0.hits > $1.hits : $0.id < $1.id }
    }

    /// Logged requests passing the filter, oldest first (a view on the snapshot: nothing is copied).
    public func requestRows(_ s: TrafficSnapshot) -> RequestRows {
        let f = filter(for: .requests)
        guard !f.isEmpty else { return RequestRows(snapshot: s, matching: nil) }
        let byID = Dictionary(s.listeners.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return RequestRows(snapshot: s, matching: s.requests.indices.filter {
            f.matches(s.requests[$0], listener: byID[s.requests[$0].listener])
        })
    }

    /// Jobs passing the filter, in start order.
    public func jobRows(_ s: TrafficSnapshot) -> [JobRecord] {
        let f = filter(for: .jobs)
        return f.isEmpty ? s.jobs : s.jobs.filter { f.matches($0) }
    }

    /// The stable keys of `pane`'s rows, in display order.
    public func keys(_ pane: Pane, _ s: TrafficSnapshot) -> RowKeys {
        switch pane {
        case .listeners: return RowKeys(listenerRows(s).map(\.id.rawValue))
        case .routes: return RowKeys(routeRows(s).map(\.id))
        case .requests: return requestRows(s).keys
        case .jobs: return RowKeys(jobRows(s).map(\.id))
        }
    }

    /// The layout for the current size and zoom.
    public func layout(_ s: TrafficSnapshot) -> ScreenLayout {
        ScreenLayout.compute(
            size: size, zoomed: zoomed ? focus : nil, listenerCount: s.listeners.count, jobCount: s.jobs.count,
            envCount: s.jobs.map(\.env.count).max() ?? 0)
    }

    /// Which rows of `pane` are visible and which one is selected.
    public func window(_ pane: Pane, _ s: TrafficSnapshot) -> ScrollWindow {
        window(pane, keys: keys(pane, s), s)
    }

    /// `window(_:_:)` for keys the caller already has.
    public func window(_ pane: Pane, keys: RowKeys, _ s: TrafficSnapshot) -> ScrollWindow {
        ScrollWindow.resolve(
            cursor: cursors[pane] ?? PaneCursor(), keys: keys, visible: layout(s).visibleRows(pane),
            pinnedToBottom: pane == .requests && following)
    }

    /// The selected request in the log, if any.
    public func selectedRequest(_ s: TrafficSnapshot) -> RequestRecord? {
        let rows = requestRows(s)
        guard let index = window(.requests, keys: rows.keys, s).selected, rows.indices.contains(index) else {
            return nil
        }
        return rows[index]
    }

    /// The selected route, if any.
    public func selectedRoute(_ s: TrafficSnapshot) -> RouteRecord? {
        let rows = routeRows(s)
        guard let index = window(.routes, s).selected, rows.indices.contains(index) else { return nil }
        return rows[index]
    }

    /// The selected job, if any (the jobs pane shows its env).
    public func selectedJob(_ s: TrafficSnapshot) -> JobRecord? {
        let rows = jobRows(s)
        guard let index = window(.jobs, s).selected, rows.indices.contains(index) else { return nil }
        return rows[index]
    }

    /// Requests that arrived (and pass the filter) since the log was paused.
    public func newRequestCount(_ s: TrafficSnapshot) -> Int {
        guard !following, let pausedAfter else { return 0 }
        // Only the tail after the pause point is looked at: ids ascend.
        let f = filter(for: .requests)
        var count = 0
        for record in s.requests.reversed() {
            guard record.id > pausedAfter else { break }
            if f.isEmpty || f.matches(record, listener: s.listeners.first { $0.id == record.listener }) { count += 1 }
        }
        return count
    }

    // MARK: - Moving

    /// Moves the selection of `pane` by `delta` rows (clamped). Moving up in a following log pauses it; reaching
    /// the last row of the log follows it again.
    public mutating func move(_ pane: Pane, by delta: Int, _ s: TrafficSnapshot) {
        let keys = keys(pane, s)
        guard keys.count > 0 else { return }
        let window = window(pane, keys: keys, s)
        let current = window.selected ?? 0
        let target = max(0, min(keys.count - 1, current + delta))
        if pane == .requests {
            if target == keys.count - 1 && delta > 0 {
                follow()
                return
            }
            if following { pause(s) }
        }
        var top = window.top
        if target < top { top = target }
        if target >= top + window.visible { top = target - window.visible + 1 }
        cursors[pane] = PaneCursor(selected: keys[target], top: keys[max(0, min(top, keys.count - 1))])
    }

    /// Jumps to the first row.
    public mutating func moveToStart(_ pane: Pane, _ s: TrafficSnapshot) {
        move(pane, by: -Int.max / 2, s)
    }

    /// Jumps to the last row; for the log this means following again.
    public mutating func moveToEnd(_ pane: Pane, _ s: TrafficSnapshot) {
        if pane == .requests {
            follow()
        } else {
            move(pane, by: Int.max / 2, s)
        }
    }

    /// Pauses the log where it is; later rows count as new.
    public mutating func pause(_ s: TrafficSnapshot) {
        guard following else { return }
        let rows = requestRows(s)
        following = false
        pausedAfter = s.requests.last?.id
        if let last = rows.last {
            let visible = layout(s).visibleRows(.requests)
            let topIndex = max(0, rows.count - visible)
            cursors[.requests] = PaneCursor(selected: Int(last.id.rawValue), top: Int(rows[topIndex].id.rawValue))
        }
    }

    /// Follows the log again (End).
    public mutating func follow() {
        following = true
        pausedAfter = nil
        cursors[.requests] = nil
    }
}
