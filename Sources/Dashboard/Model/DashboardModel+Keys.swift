import Traffic

extension DashboardModel {
    /// Applies one key and returns what the app must do. Unknown keys do nothing.
    public mutating func handle(_ key: Key, _ s: TrafficSnapshot) -> [DashboardAction] {
        notice = nil
        if key == .resize { return [] }
        if filterDraft != nil { return handleFilterKey(key) }
        // Activation and buffering work over the detail and the response too: a composed request that is held
        // can be released without leaving its response view.
        if case .detail = overlay, let action = daemonAction(key, s) { return action }
        if case .response = overlay, let action = daemonAction(key, s) { return action }
        switch overlay {
        case .none: return handlePaneKey(key, s)
        case .help:
            overlay = .none
            return []
        case .detail(let detail): return handleDetailKey(key, detail, s)
        case .compose(let form): return handleComposeKey(key, form, s)
        case .response(let response): return handleResponseKey(key, response, s)
        }
    }

    /// Takes the terminal's new size.
    public mutating func resize(to newSize: TerminalSize) { size = newSize }

    /// Delivers the outcome of a composed request to the response overlay that is waiting for it.
    public mutating func receive(_ outcome: ComposeOutcome) {
        guard case .response(var state) = overlay, state.sent.token == outcome.token else { return }
        state.outcome = outcome
        overlay = .response(state)
    }

    private mutating func handlePaneKey(_ key: Key, _ s: TrafficSnapshot) -> [DashboardAction] {
        let page = max(1, layout(s).visibleRows(focus) - 1)
        switch key {
        case .character("q"), .control("c"): return [.quit]
        case .character("?"), .function(1): overlay = .help
        case .tab, .right: focus = focus.next
        case .backTab, .left: focus = focus.previous
        case .character(let c) where ("1"..."4").contains(c): focus = Pane(rawValue: c.wholeNumberValue!)!
        case .up, .character("k"): move(focus, by: -1, s)
        case .down, .character("j"): move(focus, by: 1, s)
        case .pageUp, .control("b"): move(focus, by: -page, s)
        case .pageDown, .control("f"): move(focus, by: page, s)
        case .home, .character("g"): moveToStart(focus, s)
        case .end, .character("G"): moveToEnd(focus, s)
        case .enter: return openSelection(s)
        case .character("a"), .character("b"): return daemonAction(key, s) ?? []
        case .character("r"):
            let route = focus == .routes ? selectedRoute(s) : nil
            overlay = .compose(
                ComposeForm(route: route, listener: defaultListener(s), apiVersion: s.identity?.apiVersion))
        case .character("e"):
            if focus == .requests, let request = selectedRequest(s) {
                overlay = .compose(ComposeForm.repeating(request, routes: s.routes, apiVersion: s.identity?.apiVersion))
            }
        case .character("c"):
            if focus == .requests, let request = selectedRequest(s) {
                overlay = .detail(DetailState(request: request.id, showCurl: true))
                return [.copyToClipboard(curl(for: request, s))]
            }
        case .character("/"): filterDraft = filters[focus]?.text ?? ""
        case .escape: filters[focus] = nil
        case .character("z"): zoomed.toggle()
        case .character("f"):
            if following { pause(s) } else { follow() }
        case .character("s"): routesByHits.toggle()
        default: break
        }
        return []
    }

    /// `a` (activate) and `b` (toggle buffering), with a notice; nil for other keys.
    private mutating func daemonAction(_ key: Key, _ s: TrafficSnapshot) -> [DashboardAction]? {
        switch key {
        case .character("a"):
            notice = "activate: releasing held requests"
            return [.activate]
        case .character("b"):
            let on = !s.activation.bufferingEnabled
            notice = on ? "buffering on: new requests are held until a" : "buffering off"
            return [.setBuffering(on)]
        default:
            return nil
        }
    }

    private mutating func openSelection(_ s: TrafficSnapshot) -> [DashboardAction] {
        switch focus {
        case .requests:
            if let request = selectedRequest(s) { overlay = .detail(DetailState(request: request.id)) }
        case .routes:
            if let route = selectedRoute(s) {
                overlay = .compose(
                    ComposeForm(route: route, listener: defaultListener(s), apiVersion: s.identity?.apiVersion))
            }
        case .listeners:
            let rows = listenerRows(s)
            if let index = window(.listeners, s).selected, rows.indices.contains(index) {
                filters[.requests] = RowFilter(rows[index].id.description)
                focus = .requests
                notice = "log filtered to \(rows[index].url)"
            }
        case .jobs: break
        }
        return []
    }

    private mutating func handleFilterKey(_ key: Key) -> [DashboardAction] {
        guard var draft = filterDraft else { return [] }
        switch key {
        case .enter:
            let trimmed = draft.trimmingCharacters(in: .whitespaces)
            filters[focus] = trimmed.isEmpty ? nil : RowFilter(trimmed)
            filterDraft = nil
            return []
        case .escape:
            filters[focus] = nil
            filterDraft = nil
            return []
        case .backspace, .delete: if !draft.isEmpty { draft.removeLast() }
        case .control("u"): draft = ""
        case .character(let c): draft.append(c)
        default: break
        }
        filterDraft = draft
        return []
    }

    private mutating func handleDetailKey(_ key: Key, _ detail: DetailState, _ s: TrafficSnapshot) -> [DashboardAction] {
        var detail = detail
        let page = max(1, layout(s).body.height - 3)
        switch key {
        case .escape, .character("q"), .enter, .left, .backspace:
            overlay = .none
            return []
        case .character("c"):
            detail.showCurl = true
            detail.scroll = 0
            overlay = .detail(detail)
            guard let request = s.request(detail.request) else { return [] }
            notice = "curl command copied"
            return [.copyToClipboard(curl(for: request, s))]
        case .character("e"):
            if let request = s.request(detail.request) {
                overlay = .compose(ComposeForm.repeating(request, routes: s.routes, apiVersion: s.identity?.apiVersion))
            }
            return []
        default:
            guard let scroll = Self.scroll(detail.scroll, key: key, page: page) else { return [] }
            detail.scroll = scroll
        }
        overlay = .detail(detail)
        return []
    }

    private mutating func handleComposeKey(_ key: Key, _ form: ComposeForm, _ s: TrafficSnapshot) -> [DashboardAction] {
        var form = form
        switch key {
        case .escape:
            overlay = .none
            return []
        case .up, .backTab: form.moveField(by: -1)
        case .down, .tab: form.moveField(by: 1)
        case .left, .right:
            let delta = key == .left ? -1 : 1
            if form.field == .route { form.cycleRoute(by: delta, routes: s.routes) }
            if form.field == .listener { form.cycleListener(by: delta, listeners: s.listeners) }
        case .enter:
            if let request = form.build(token: nextToken) {
                nextToken += 1
                overlay = .response(ResponseState(form: form, sent: request))
                return [.send(request)]
            }
        case .backspace, .delete:
            if var text = form.editableText, !text.isEmpty {
                text.removeLast()
                form.setEditableText(text)
            }
        case .control("u"): if form.editableText != nil { form.setEditableText("") }
        case .character(let c):
            if let text = form.editableText { form.setEditableText(text + String(c)) }
        default: break
        }
        overlay = .compose(form)
        return []
    }

    private mutating func handleResponseKey(_ key: Key, _ response: ResponseState, _ s: TrafficSnapshot) -> [DashboardAction] {
        var response = response
        switch key {
        case .escape, .character("q"):
            overlay = .none
            return []
        case .character("e"):
            overlay = .compose(response.form)
            return []
        case .character("r"):
            var form = response.form
            guard let request = form.build(token: nextToken) else {
                overlay = .compose(form)
                return []
            }
            nextToken += 1
            overlay = .response(ResponseState(form: form, sent: request))
            return [.send(request)]
        default:
            guard let scroll = Self.scroll(response.scroll, key: key, page: max(1, layout(s).body.height - 3)) else {
                return []
            }
            response.scroll = scroll
        }
        overlay = .response(response)
        return []
    }

    /// The new first line of a scrolled document (views clamp it to the document's length), nil for other keys.
    static func scroll(_ current: Int, key: Key, page: Int) -> Int? {
        switch key {
        case .up, .character("k"): return max(0, current - 1)
        case .down, .character("j"): return current + 1
        case .pageUp: return max(0, current - page)
        case .pageDown, .character(" "): return current + page
        case .home, .character("g"): return 0
        case .end, .character("G"): return Int.max / 4
        default: return nil
        }
    }

    /// The listener the composer starts with: the first unix one, else the first.
    func defaultListener(_ s: TrafficSnapshot) -> ListenerID? {
        (s.listeners.first { $0.proto == "unix" } ?? s.listeners.first)?.id
    }

    /// The curl command for a logged request, with this dashboard's client certificate paths.
    func curl(for request: RequestRecord, _ s: TrafficSnapshot) -> String {
        CurlCommand.render(request, listener: s.listeners.first { $0.id == request.listener }, tlsFiles: clientTLS)
    }
}
